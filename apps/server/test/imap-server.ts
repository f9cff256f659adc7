import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { chmod, chown, mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { createConnection, createServer, type AddressInfo } from 'node:net';
import { tmpdir, userInfo } from 'node:os';
import { join } from 'node:path';
import { ImapFlow } from 'imapflow';

const DOVECOT = '/usr/sbin/dovecot';

/**
 * A real IMAP server for tests: Debian's Dovecot, started in the foreground with a configuration of its own in a
 * temporary directory (loopback on a free port, cleartext sign-in, accounts in a passwd-file, Maildir storage),
 * and removed with it. Messages are put in a mailbox as any mail client would, with IMAP APPEND.
 */
export interface ImapTestServer {
  host: string;
  port: number;
  /** Adds an account (its own passwd-file, read by Dovecot at its first sign-in). */
  addUser(username: string, password: string): Promise<void>;
  /** Appends a raw message to the user's folder (INBOX by default); answers its UID. */
  deliver(username: string, raw: Buffer, options?: { folder?: string; flags?: string[] }): Promise<number>;
  /** The flags of every message in the user's folder, by UID. */
  flagsOf(username: string, folder?: string): Promise<Map<number, Set<string>>>;
  /** The end of Dovecot's log, to understand a failure. */
  logTail(): Promise<string>;
  close(): Promise<void>;
}

interface MailUser {
  name: string;
  uid: number;
  gid: number;
}

export async function startImapServer(): Promise<ImapTestServer> {
  if (!existsSync(DOVECOT)) {
    throw new Error(`IMAP tests need Dovecot, and ${DOVECOT} is missing: install it with \`apt-get install -y dovecot-imapd\` (.ci/run does when it is absent).`);
  }
  const directory = await mkdtemp(join(tmpdir(), 'switchboard-dovecot-'));
  try {
    return await startIn(directory);
  } catch (error) {
    await rm(directory, { recursive: true, force: true });
    throw error;
  }
}

async function startIn(directory: string): Promise<ImapTestServer> {
  const passwords = new Map<string, string>();
  // Dovecot's own processes (running as its service users, when we are root) read and write in here.
  await chmod(directory, 0o755);
  await Promise.all(['run', 'state', 'mail'].map((name) => mkdir(join(directory, name))));
  const mailUser = mailUserFor();
  if (isRoot()) await chown(join(directory, 'mail'), mailUser.uid, mailUser.gid);
  // One passwd-file per account: Dovecot looks at a file again at most once a second, so an account added to a
  // shared file right after another would not be found yet.
  const usersDirectory = join(directory, 'users');
  await mkdir(usersDirectory, { mode: 0o755 });

  let child: ChildProcess | undefined;
  let port = 0;
  let output = '';
  // A free port can be taken by someone else between our check and Dovecot's bind: try a few.
  for (let attempt = 1; attempt <= 3 && !child; attempt += 1) {
    port = await findFreePort();
    await writeFile(join(directory, 'dovecot.conf'), configuration(directory, port, mailUser));
    const started = spawn(DOVECOT, ['-F', '-c', join(directory, 'dovecot.conf')], { stdio: ['ignore', 'pipe', 'pipe'] });
    started.stdout!.on('data', (chunk: Buffer) => (output += chunk.toString()));
    started.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString()));
    if (await waitForGreeting(port, started, 15_000)) child = started;
    else {
      await stop(started);
      if (attempt === 3) {
        const log = await readFile(join(directory, 'dovecot.log'), 'utf8').catch(() => '');
        throw new Error(`Dovecot did not start on 127.0.0.1:${port}:\n${output}\n${log.split('\n').slice(-20).join('\n')}`);
      }
    }
  }

  const session = async <T>(username: string, folder: string, work: (client: ImapFlow) => Promise<T>): Promise<T> => {
    const client = new ImapFlow({ host: '127.0.0.1', port, secure: false, doSTARTTLS: false, auth: { user: username, pass: passwords.get(username) ?? '' }, logger: false });
    client.on('error', () => {});
    await client.connect();
    try {
      await client.mailboxOpen(folder).catch(async () => {
        await client.mailboxCreate(folder);
        await client.mailboxOpen(folder);
      });
      return await work(client);
    } finally {
      await client.logout().catch(() => client.close());
    }
  };

  return {
    host: '127.0.0.1',
    port,
    async addUser(username, password) {
      if (/[:\n]/.test(username) || /[:\n]/.test(password)) throw new Error('no ":" or line break in a test account');
      passwords.set(username, password);
      if (!/^[A-Za-z0-9._-]+$/.test(username)) throw new Error('test account names are letters, digits, ".", "_" and "-"');
      await writeFile(join(usersDirectory, username), `${username}:{PLAIN}${password}:${mailUser.uid}:${mailUser.gid}::${join(directory, 'mail', username)}::\n`, { mode: 0o644 });
    },
    async deliver(username, raw, options = {}) {
      return session(username, options.folder ?? 'INBOX', async (client) => {
        const appended = await client.append(options.folder ?? 'INBOX', raw, options.flags ?? []);
        if (!appended || !appended.uid) throw new Error('the test IMAP server did not answer the appended message’s UID');
        return appended.uid;
      });
    },
    async flagsOf(username, folder = 'INBOX') {
      return session(username, folder, async (client) => {
        const flags = new Map<number, Set<string>>();
        if (!client.mailbox || client.mailbox.exists === 0) return flags;
        for (const message of await client.fetchAll('1:*', { uid: true, flags: true })) flags.set(message.uid, message.flags ?? new Set());
        return flags;
      });
    },
    async logTail() {
      const log = await readFile(join(directory, 'dovecot.log'), 'utf8').catch(() => '');
      return log.split('\n').slice(-30).join('\n');
    },
    async close() {
      if (child) await stop(child);
      await rm(directory, { recursive: true, force: true });
    },
  };
}

/**
 * Listens on loopback only, accepts cleartext passwords (no TLS here), reads each account from its own passwd-file and
 * keeps mail as Maildir in the directory. As root, Dovecot's processes run as its packaged users (`dovecot`,
 * `dovenull`), the mail as `dovecot` (Dovecot refuses mail access as root), and authentication as root so that
 * it reads the passwd-file; as anyone else, everything runs as that user. Failed sign-ins are answered at once:
 * the delay and per-address penalty meant to slow password guessing would only slow the tests.
 */
function configuration(directory: string, port: number, mailUser: MailUser): string {
  const asRoot = isRoot();
  const self = userInfo().username;
  return `# Written by the test helper apps/server/test/imap-server.ts
protocols = imap
listen = 127.0.0.1
base_dir = ${directory}/run
state_dir = ${directory}/state
log_path = ${directory}/dovecot.log
ssl = no
disable_plaintext_auth = no
auth_mechanisms = plain login
auth_failure_delay = 0
default_internal_user = ${asRoot ? 'dovecot' : self}
default_internal_group = ${asRoot ? 'dovecot' : userInfo().gid}
default_login_user = ${asRoot ? 'dovenull' : self}
first_valid_uid = 1
first_valid_gid = 1
mail_location = maildir:${directory}/mail/%u
passdb {
  driver = passwd-file
  args = scheme=PLAIN username_format=%u ${directory}/users/%u
}
userdb {
  driver = passwd-file
  args = username_format=%u ${directory}/users/%u
}
service imap-login {
  chroot =
  inet_listener imap {
    address = 127.0.0.1
    port = ${port}
  }
  inet_listener imaps {
    port = 0
  }
}
service auth {
  user = ${asRoot ? 'root' : self}
}
service anvil {
  unix_listener anvil-auth-penalty {
    mode = 0
  }
}
# ${mailUser.name} owns the mail.
`;
}

function isRoot(): boolean {
  return process.getuid?.() === 0;
}

/** Who owns the mail: Dovecot's own system user when we are root, else ourselves. */
function mailUserFor(): MailUser {
  if (!isRoot()) return { name: userInfo().username, uid: userInfo().uid, gid: userInfo().gid };
  const line = readFileSync('/etc/passwd', 'utf8')
    .split('\n')
    .find((entry) => entry.startsWith('dovecot:'));
  const [, , uid, gid] = line?.split(':') ?? [];
  if (!uid || !gid) throw new Error('the dovecot system user is missing (it comes with the dovecot-core package)');
  return { name: 'dovecot', uid: Number(uid), gid: Number(gid) };
}

async function findFreePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve, reject) => server.once('error', reject).listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

/** True once the server greets a client on the port; false if the process ends or the time runs out first. */
async function waitForGreeting(port: number, child: ChildProcess, timeoutMs: number): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline && child.exitCode === null && child.signalCode === null) {
    const greeting = await new Promise<string>((resolve) => {
      const socket = createConnection({ host: '127.0.0.1', port });
      let text = '';
      const done = (value: string) => {
        socket.destroy();
        resolve(value);
      };
      socket.setTimeout(2000, () => done(text));
      socket.on('data', (chunk) => {
        text += chunk.toString();
        if (text.includes('\n')) done(text);
      });
      socket.on('error', () => done(''));
    });
    if (greeting.startsWith('* OK')) return true;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  return false;
}

async function stop(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), 5000);
  await exited;
  clearTimeout(timer);
}
