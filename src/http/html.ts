export { escapeHtml } from '../domain/html.js';
