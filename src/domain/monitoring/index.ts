export * from './schedules.js';
export * from './forecast.js';
