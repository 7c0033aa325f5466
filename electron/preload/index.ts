import { contextBridge, ipcRenderer } from 'electron';
import { buildStudioApi } from '../../shared/studio-api';
import { createIpcTransport } from './ipc-transport';

// The page's only way to the engine (context isolation on, sandbox on): the typed API built from
// the contract, so no raw ipcRenderer ever reaches it.
contextBridge.exposeInMainWorld('studio', buildStudioApi(createIpcTransport(ipcRenderer)));
