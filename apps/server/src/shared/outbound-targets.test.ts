import { describe, expect, it } from 'vitest';
import { OutboundTargets } from './outbound-targets.js';

describe('outbound targets (admin-typed addresses the server posts to)', () => {
  const publicOnly = new OutboundTargets(false);

  it.each([
    'http://127.0.0.1:8080/hook',
    'http://localhost/hook',
    'http://api.localhost/hook',
    'http://10.1.2.3/hook',
    'http://172.16.0.9/hook',
    'http://192.168.1.20/hook',
    'http://169.254.169.254/latest/meta-data/',
    'http://100.64.0.1/hook',
    'http://0.0.0.0/hook',
    'http://[::1]/hook',
    'http://[fd00::1]/hook',
    'http://[fe80::1]/hook',
    'http://[::ffff:127.0.0.1]/hook',
    'http://printer.local/hook',
    'http://metadata.google.internal/computeMetadata/v1/',
  ])('refuses %s, when saved and when sent', async (url) => {
    expect(publicOnly.refusalOfTyped(url)).toMatch(/ALLOW_PRIVATE_NETWORK_TARGETS=true/);
    expect(await publicOnly.refusalOf(url)).toMatch(/ALLOW_PRIVATE_NETWORK_TARGETS=true/);
  });

  it('lets public addresses through, and every address once private targets are allowed', async () => {
    expect(publicOnly.refusalOfTyped('https://hooks.slack.com/services/T0/B0/x')).toBeNull();
    expect(await publicOnly.refusalOf('http://8.8.8.8/hook')).toBeNull();
    expect(await publicOnly.refusalOf('http://[2606:4700:4700::1111]/hook')).toBeNull();
    const allowed = new OutboundTargets(true);
    expect(allowed.refusalOfTyped('http://127.0.0.1:8080/hook')).toBeNull();
    expect(await allowed.refusalOf('http://10.0.0.5/hook')).toBeNull();
  });
});
