import type { JsonSchema } from './schemas.ts';

/**
 * A small JSON Schema checker for the subset the API's schemas use (type, enum, required,
 * properties, items, additionalProperties, $ref to #/components/schemas, uri/date-time formats).
 * Tests use it to hold real responses to the published OpenAPI document. Returns the problems.
 */
export function checkSchema(
  value: unknown,
  schema: JsonSchema,
  components: Record<string, JsonSchema> = {},
  at = '$',
): string[] {
  const ref = schema.$ref;
  if (typeof ref === 'string') {
    const target = components[ref.replace('#/components/schemas/', '')];
    return target ? checkSchema(value, target, components, at) : [`${at}: unresolved ${ref}`];
  }
  const problems: string[] = [];
  const types =
    schema.type === undefined
      ? []
      : Array.isArray(schema.type)
        ? (schema.type as string[])
        : [schema.type as string];
  const actual =
    value === null
      ? 'null'
      : Array.isArray(value)
        ? 'array'
        : Number.isInteger(value)
          ? 'integer'
          : typeof value;
  if (types.length > 0 && !types.includes(actual) && !(actual === 'integer' && types.includes('number')))
    return [`${at}: expected ${types.join('|')}, got ${actual}`];
  if (Array.isArray(schema.enum) && !schema.enum.includes(value))
    problems.push(`${at}: ${JSON.stringify(value)} not in enum`);
  if (typeof value === 'string' && schema.format === 'date-time' && Number.isNaN(Date.parse(value)))
    problems.push(`${at}: not a date-time`);
  if (typeof value === 'string' && schema.format === 'uri' && !/^[a-z][a-z0-9+.-]*:/i.test(value))
    problems.push(`${at}: not a URI`);
  if (actual === 'object') {
    const obj = value as Record<string, unknown>;
    for (const name of (schema.required as string[] | undefined) ?? [])
      if (!(name in obj)) problems.push(`${at}: missing "${name}"`);
    const props = (schema.properties as Record<string, JsonSchema> | undefined) ?? {};
    for (const [name, v] of Object.entries(obj)) {
      const sub =
        props[name] ??
        (typeof schema.additionalProperties === 'object'
          ? (schema.additionalProperties as JsonSchema)
          : undefined);
      if (sub) problems.push(...checkSchema(v, sub, components, `${at}.${name}`));
      else if (schema.additionalProperties === false) problems.push(`${at}: unexpected "${name}"`);
    }
  }
  if (actual === 'array' && schema.items) {
    (value as unknown[]).forEach((item, i) =>
      problems.push(...checkSchema(item, schema.items as JsonSchema, components, `${at}[${i}]`)),
    );
  }
  return problems;
}
