import fc from 'fast-check';
import { argumentProbe } from '../../packages/openai-agents/test/support/argumentProbe.js';
import { propertyParameters, reportFigures } from './propertyRuns.js';

/**
 * An adapter that names a tool's arguments from its schema (`@brane/openai-agents`, for a closed schema) reads
 * them from the model's input object. The class of bug: reading a name the model left out through the prototype
 * chain, so that a property called `constructor`, `toString` or `hasOwnProperty` reaches the policies and the
 * tool as a member of `Object.prototype` (a function the model never sent). For any closed schema whose property
 * names mix those members with ordinary names, and any subset of them the model sends, the policies see exactly
 * the values sent (`undefined` for the others) and `execute` gets exactly the keys sent, in both ways of governing
 * a tool.
 */

const INHERITED = Object.getOwnPropertyNames(Object.prototype).filter(
  (name) => /^[A-Za-z_$][\w$]*$/.test(name) && name !== '__proto__',
);
const names = fc.uniqueArray(fc.oneof(fc.constantFrom(...INHERITED), fc.constantFrom('note', 'path', 'amount')), {
  minLength: 1,
  maxLength: 6,
});
const scenario = names.chain((properties) =>
  fc.record({
    properties: fc.constant(properties),
    sent: fc
      .subarray(properties)
      .chain((keys) =>
        fc
          .tuple(...keys.map(() => fc.string({ maxLength: 8 })))
          .map((values) => Object.fromEntries(keys.map((key, index) => [key, values[index]!]))),
      ),
    how: fc.constantFrom('governedTool' as const, 'governTools' as const),
  }),
);

describe('adapters: the arguments a schema names are the input’s own keys', () => {
  it('the policies and the tool see exactly what the model sent, never an inherited member', async () => {
    const figures = { cases: 0, omittedInherited: 0 };
    await fc.assert(
      fc.asyncProperty(scenario, async ({ properties, sent, how }) => {
        const result = await argumentProbe(how, properties).call(sent);
        figures.cases++;
        figures.omittedInherited += properties.filter((name) => INHERITED.includes(name) && !(name in sent)).length;
        expect(result.output).toBe('ran');
        expect(result.policySaw).toStrictEqual(
          properties.map((name) => (Object.hasOwn(sent, name) ? sent[name] : undefined)),
        );
        expect(Object.entries(result.executed ?? {})).toStrictEqual(
          properties.filter((name) => Object.hasOwn(sent, name)).map((name) => [name, sent[name]]),
        );
      }),
      propertyParameters(300),
    );
    reportFigures('argument keys', figures);
  });
});
