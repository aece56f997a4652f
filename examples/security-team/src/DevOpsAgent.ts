import { Capability } from '@brane/sdk';

/** An operations agent: restarts services (medium risk) and deletes databases (critical risk). */
export class DevOpsAgent {
  @Capability({
    name: 'restart_service',
    type: 'tool',
    risk: 'medium',
    effect: { type: 'execution', reversible: true, description: 'Restarts a service' },
    owner: 'platform-team',
  })
  restartService(service: string): string {
    return `restarted ${service}`;
  }

  @Capability({
    name: 'delete_database',
    type: 'database',
    risk: 'critical',
    effect: { type: 'delete', description: 'Drops a database and all its data' },
    owner: 'platform-team',
  })
  deleteDatabase(database: string): string {
    return `deleted database ${database}`;
  }
}
