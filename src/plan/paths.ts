/** Segments of letters, digits, `_`, `-` and `.` that do not start with a dot, joined by `/`. */
const SAFE = /^[A-Za-z0-9_-][A-Za-z0-9_.-]*(?:\/[A-Za-z0-9_-][A-Za-z0-9_.-]*)*$/;

/** The file in out/ that lists, one per line, the paths the compiler owns. */
export const MANIFEST = '.homelab-manifest';

/**
 * Why a generated path is unsafe to write under out/, or undefined when it is fine: it must be
 * relative, use `/`, and stay inside out/ (no `..`, no NUL, no absolute or drive paths).
 */
export function pathProblem(path: string): string | undefined {
  // The common case at once: short ASCII segments, none starting with a dot.
  if (typeof path === 'string' && path.length <= 255 && SAFE.test(path)) return undefined;
  if (typeof path !== 'string' || path.length === 0) return 'the path is empty';
  if (path.includes('\0')) return 'the path contains a NUL character';
  if (path.includes('\\')) return 'the path contains a backslash; use "/"';
  if (path.startsWith('/') || /^[A-Za-z]:/.test(path)) return 'the path is absolute';
  const parts = path.split('/');
  if (parts.some((p) => p === '..')) return 'the path escapes out/ with ".."';
  if (parts.some((p) => p === '' || p === '.')) return 'the path has an empty or "." segment';
  if (path === MANIFEST) return `${MANIFEST} is the compiler's own manifest`;
  if (parts.some((p) => Buffer.byteLength(p) > 255)) return 'a path segment is longer than 255 bytes';
  return undefined;
}
