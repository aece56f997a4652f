import { AfterCapability, BeforeCapability, Decision, type PolicyContext } from '@brane/sdk';

/** The policies of the `files` MCP server: they govern its tools, whichever client calls them. */
export class FilesPolicies {
  @BeforeCapability('mcp.files.delete_file', { name: 'delete_only_in_tmp', version: '1.0' })
  deleteOnlyInTmp(ctx: PolicyContext): Decision {
    const path = ctx.arg<string>('path', '');
    return path.startsWith('/tmp/')
      ? Decision.allow()
      : Decision.deny(`Only files under /tmp/ may be deleted, not ${path}`);
  }

  @BeforeCapability('mcp.files.write_file', { name: 'config_writes_need_approval', version: '1.0' })
  configWrites(ctx: PolicyContext): Decision {
    if (!ctx.arg<string>('path', '').startsWith('/etc/') || ctx.approval !== undefined) return Decision.allow();
    return Decision.requireApproval({
      approverGroup: 'platform-admins',
      reason: 'Writing a configuration file',
      context: { path: ctx.arg<string>('path') },
    });
  }

  @AfterCapability('mcp.files.read_file', { name: 'mask_owner_email', version: '1.0' })
  maskOwner(): Decision {
    return Decision.redact(['structuredContent.owner'], { reason: 'Owners are personal data' });
  }
}
