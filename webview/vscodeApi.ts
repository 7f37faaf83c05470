import type { FromWebview, WebviewState } from '../extension/shared/protocol';

/** The API VS Code gives a webview (once per page). */
export interface VsCodeApi {
  postMessage(message: FromWebview): void;
  getState(): WebviewState | undefined;
  setState(state: WebviewState): void;
}

declare function acquireVsCodeApi(): { postMessage(m: unknown): void; getState(): unknown; setState(s: unknown): void };

export function vscodeApi(): VsCodeApi {
  const api = acquireVsCodeApi();
  return {
    postMessage: (m) => api.postMessage(m),
    getState: () => api.getState() as WebviewState | undefined,
    setState: (s) => api.setState(s),
  };
}
