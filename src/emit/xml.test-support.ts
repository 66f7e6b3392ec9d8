import { XMLParser } from 'fast-xml-parser';

/** A real XML parser that keeps element order, text as written and attributes: for reading output back in tests. */
export const xmlParser = new XMLParser({
  preserveOrder: true,
  parseTagValue: false,
  trimValues: false,
  ignoreAttributes: false,
  htmlEntities: true,
  ignoreDeclaration: true,
});
