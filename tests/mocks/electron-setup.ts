import { beforeEach } from 'vitest';
import { resetElectronMock } from './electron';

beforeEach(resetElectronMock);
