// For the step's browser checks only: they need to fire many API calls at once from a real
// page, through the real client with its interceptors. A build made with
// NEXT_PUBLIC_EXPOSE_API_FOR_CHECKS=1 (steps/06-refresh-tokens/tests/env.json) puts the
// client on window.__workshopApi; any other build leaves window alone.
import type { AxiosInstance } from 'axios';
import api from '@/utils/api';
import { publicConfig } from './config.public';

declare global {
  interface Window {
    __workshopApi?: AxiosInstance;
  }
}

export function exposeApiForChecks(): void {
  if (publicConfig.exposeApiForChecks) window.__workshopApi = api;
}
