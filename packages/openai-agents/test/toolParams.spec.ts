import { toolParams } from '../src/toolParams.js';

describe('toolParams', () => {
  it.each([
    ['a closed schema', { type: 'object', properties: { a: {}, b: {} }, additionalProperties: false }, ['a', 'b']],
    ['a closed schema without properties', { type: 'object', properties: {}, additionalProperties: false }, []],
    ['an open schema', { type: 'object', properties: { a: {} } }, undefined],
    ['additionalProperties: true', { type: 'object', properties: { a: {} }, additionalProperties: true }, undefined],
    ['a name that is not an identifier', { properties: { 'customer-id': {} }, additionalProperties: false }, undefined],
    ['__proto__', { properties: JSON.parse('{"__proto__": {}}') as object, additionalProperties: false }, undefined],
    ['no properties', { type: 'object', additionalProperties: false }, undefined],
    ['no schema', undefined, undefined],
  ])('%s gives %j', (_, schema, expected) => {
    expect(toolParams(schema)).toStrictEqual(expected);
  });
});
