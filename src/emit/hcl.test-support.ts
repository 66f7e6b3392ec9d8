/** Test support for HCL output read back through hcl2json. */

/**
 * The value of a string from hcl2json when it is literal text (`$${` and `%%{` undone), or
 * undefined when it holds an interpolation or a directive.
 */
export function literalString(s: string): string | undefined {
  let out = '';
  for (let i = 0; i < s.length; i++) {
    if ((s[i] === '$' || s[i] === '%') && s[i + 1] === s[i] && s[i + 2] === '{') {
      out += `${s[i]}{`;
      i += 2;
    } else if ((s[i] === '$' || s[i] === '%') && s[i + 1] === '{') return undefined;
    else out += s[i];
  }
  return out;
}
