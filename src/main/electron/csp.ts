/**
 * The renderer's Content-Security-Policy, used for the meta tag (built into index.html), the
 * Electron response header and the harness response header. The renderer makes no network
 * requests of its own: every server call goes through main.
 */
export function contentSecurityPolicy(options: { dev?: boolean } = {}): string {
  const directives: Record<string, string> = {
    'default-src': "'none'",
    'script-src': "'self'",
    // Vite injects <style> tags during development only; built CSS is a file.
    'style-src': options.dev ? "'self' 'unsafe-inline'" : "'self'",
    'img-src': "'self' data:",
    'font-src': "'self'",
    'connect-src': "'self'",
    'base-uri': "'none'",
    'form-action': "'none'",
  }
  return Object.entries(directives)
    .map(([k, val]) => `${k} ${val}`)
    .join('; ')
}
