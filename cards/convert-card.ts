import template from './templates/convert.json' with { type: 'json' };
import type { DecodedAnchor } from '../core/immutable-id.ts';
import { renderTemplate, type AdaptiveCardJson } from './render.ts';

const FORM_NAMES: Readonly<Record<DecodedAnchor['detectedForm'], string>> = {
  guid: 'GUID',
  immutableId: 'ImmutableID',
  hex: 'hex bytes',
  connectorSpace: 'connector-space DN',
};

/** Every form of one anchor value (the codec's output). */
export const renderConvertCard = (d: DecodedAnchor): AdaptiveCardJson =>
  renderTemplate(template, {
    detectedForm: FORM_NAMES[d.detectedForm],
    forms: [
      { name: 'GUID (objectGUID as AD shows it)', value: d.guid },
      { name: 'ImmutableID (what Entra stores)', value: d.immutableId },
      { name: 'Hex bytes (ADSI Edit, ldp)', value: d.hex },
      { name: 'LDAP filter escape', value: d.ldapEscaped },
      { name: 'Entra Connect connector-space DN', value: d.connectorSpaceDn },
    ],
  });
