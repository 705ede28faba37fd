export { createSimulator, startSimulator } from './app.ts';
export type { RunningSimulator, Simulator, StartSimulatorOptions } from './app.ts';
export { OAPI_ERRORS } from './errcodes.ts';
export type { OapiError } from './errcodes.ts';
export { ACCESS_TOKEN_LIFETIME_MS, AUTH_CODE_LIFETIME_MS, SimulatorState } from './state.ts';
export { beijingDay } from './work-notifications.ts';
export type {
  DropCode,
  InjectedError,
  RequestLogEntry,
  RobotMessageRecord,
  SimulatorDepartment,
  SimulatorOptions,
  SimulatorRobot,
  SimulatorUser,
  WorkNotificationRecord,
  WorkNotificationTaskRecord,
} from './types.ts';
