import type { Runtime } from '@brane/core';
import { BraneError, describeValue } from '@brane/errors';
import type { StructuredToolInterface } from '@langchain/core/tools';

/** Checks that `runtime` is a Brane `Runtime` (by shape, so that two copies of `@brane/core` still work). */
export function assertRuntime(runtime: unknown, where: string): asserts runtime is Runtime {
  const candidate = runtime as Partial<Runtime> | null | undefined;
  if (
    typeof candidate !== 'object' ||
    candidate === null ||
    typeof candidate.capability !== 'function' ||
    typeof candidate.resume !== 'function' ||
    typeof candidate.approvals !== 'object'
  ) {
    throw new BraneError('INVALID_ARGUMENT', `${where}: expected a Brane Runtime (got ${describeValue(runtime)})`);
  }
}

/** Checks that `tool` is a LangChain tool: a name, a schema and `invoke` (and a description, if any, is a string). */
export function assertTool(tool: unknown, where: string): asserts tool is StructuredToolInterface {
  const candidate = tool as Partial<StructuredToolInterface> | null | undefined;
  if (
    typeof candidate !== 'object' ||
    candidate === null ||
    typeof candidate.name !== 'string' ||
    candidate.name === '' ||
    (candidate.description !== undefined && typeof candidate.description !== 'string') ||
    typeof candidate.schema !== 'object' ||
    candidate.schema === null ||
    typeof candidate.invoke !== 'function'
  ) {
    throw new BraneError(
      'INVALID_ARGUMENT',
      `${where}: expected a LangChain tool with a name, schema and invoke (got ${describeValue(tool)})`,
    );
  }
}
