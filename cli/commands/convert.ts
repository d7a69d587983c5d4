import { decodeAnchor } from '../../core/immutable-id.ts';
import { EXIT, flag, table, type Command } from '../command.ts';
import { invalidInput } from '../../core/errors.ts';

const FORM_NAMES = {
  guid: 'GUID',
  immutableId: 'ImmutableID',
  hex: 'hex bytes',
  connectorSpace: 'connector-space DN',
} as const;

export const convertCommand: Command = {
  name: 'convert',
  summary: 'Show a GUID / ImmutableID / hex / connector-space value in every form',
  usage: `Usage: hardmatch convert <value> [--json]

Detects which form <value> is in and prints every form:
  GUID                00aa00aa-bb11-cc22-dd33-44ee44ee44ee  (braces, no dashes, any case accepted)
  ImmutableID         qgCqABG7IszdM0TuRO5E7g==              (base64 of the bytes; what Entra stores)
  hex                 AA 00 AA 00 11 BB 22 CC ...           (bytes as ADSI Edit / ldp show them; \\aa\\00... too)
  connector-space DN  CN={716743714142...}                  (Entra Connect's name for the object)
A bare 32-digit hex value is read as a GUID without dashes.

Options:
  --json   print one JSON object
  -h, --help

Exit status: 0 converted, 2 the value is not in any known form.

Examples:
  hardmatch convert 00aa00aa-bb11-cc22-dd33-44ee44ee44ee
  hardmatch convert 'SV+BWQuSnU6tbIK1OqTBAg==' --json`,
  options: { json: { type: 'boolean' } },
  run(args, ctx) {
    if (args.positionals.length !== 1) {
      throw invalidInput(
        `expected exactly one value, got ${args.positionals.length} (quote values containing spaces)`,
      );
    }
    const d = decodeAnchor(args.positionals[0]!);
    if (flag(args, 'json')) {
      const { guid, immutableId, hex, ldapEscaped, connectorSpaceDn } = d;
      ctx.out(
        JSON.stringify({
          detectedForm: d.detectedForm,
          guid,
          immutableId,
          hex,
          ldapEscaped,
          connectorSpaceDn,
        }),
      );
    } else {
      ctx.out(`Input read as: ${FORM_NAMES[d.detectedForm]}`);
      table([
        ['GUID', d.guid],
        ['ImmutableID', d.immutableId],
        ['hex', d.hex],
        ['LDAP escaped', d.ldapEscaped],
        ['connector-space DN', d.connectorSpaceDn],
      ]).forEach((l) => ctx.out(l));
    }
    return Promise.resolve(EXIT.ok);
  },
};
