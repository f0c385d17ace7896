/** Where the newsroom stylesheet is served (same origin: the CSP forbids inline styles). */
export const STYLES_PATH = '/admin/assets/newsroom.css?v=1';
