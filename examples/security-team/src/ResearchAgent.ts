import { setTimeout as delay } from 'node:timers/promises';
import { Capability } from '@brane/sdk';

/** A research agent: searches the web (low risk). Its capability is async, the others' are sync. */
export class ResearchAgent {
  @Capability({ name: 'web_search', type: 'tool', risk: 'low', effect: { type: 'read', external: true } })
  async webSearch(query: string): Promise<string> {
    await delay(5); // stands in for the search API's latency
    return `3 results for "${query}"`;
  }
}
