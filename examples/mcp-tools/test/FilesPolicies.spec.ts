import '@brane/sdk/jest';
import { createPolicyContext } from '@brane/sdk/testing';
import { FilesPolicies } from '../src/FilesPolicies.js';

const policies = new FilesPolicies();
const tool = (name: string) => ({ name: `mcp.files.${name}`, type: 'mcp' }) as const;

describe('FilesPolicies', () => {
  it.each([['/tmp/scratch.txt'], ['/tmp/a/b']])('allows deleting %s', (path) => {
    expect(policies.deleteOnlyInTmp(createPolicyContext(tool('delete_file'), { path }))).toAllow();
  });

  it.each([['/notes/todo.md'], ['/etc/app.conf'], ['tmp/x'], ['']])('denies deleting %j', (path) => {
    expect(policies.deleteOnlyInTmp(createPolicyContext(tool('delete_file'), { path }))).toDeny(
      /Only files under \/tmp\/ may be deleted/,
    );
  });

  it('asks platform-admins before a configuration file is written, and allows it once approved', () => {
    const args = { path: '/etc/app.conf', text: 'mode=fast' };
    const asked = policies.configWrites(createPolicyContext(tool('write_file'), args));

    expect(asked).toHaveDecisionType('approval_required');
    expect(asked.approval?.approverGroups).toEqual(['platform-admins']);
    expect(policies.configWrites(createPolicyContext(tool('write_file'), { path: '/notes/x', text: '' }))).toAllow();
  });

  it("masks the owner in a read_file result's structured content", () => {
    expect(policies.maskOwner()).toHaveDecisionType('redact');
    expect(policies.maskOwner().mutations).toEqual({
      redact: [{ path: 'structuredContent.owner', action: 'mask', mask: '[REDACTED]' }],
    });
  });
});
