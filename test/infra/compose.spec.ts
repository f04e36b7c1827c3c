import * as fs from 'node:fs';
import * as path from 'node:path';
import { parse } from 'yaml';

// Static checks of infra/: no Docker engine on the build machines, so the compose file is parsed
// (with YAML merge keys, as Compose does) and its cluster wiring checked.
interface Service {
  image?: string;
  profiles?: string[];
  hostname?: string;
  environment?: Record<string, string>;
  depends_on?: Record<string, unknown>;
  command?: string | string[];
  volumes?: string[];
}
const file = path.join(__dirname, '..', '..', 'infra', 'docker-compose.yml');
const compose = parse(fs.readFileSync(file, 'utf8'), { merge: true }) as {
  services: Record<string, Service>;
};
const services = compose.services;

/** EVENTSTORE_X or KURRENTDB_X. */
function setting(s: Service, name: string): string | undefined {
  const env = s.environment ?? {};
  return env[`EVENTSTORE_${name}`] ?? env[`KURRENTDB_${name}`];
}

function hostsOf(url: string): string[] {
  const m = /^(?:esdb|kurrentdb)(?:\+discover)?:\/\/([^/?]+)/.exec(url);
  if (!m) throw new Error(`not an esdb:// URL: ${url}`);
  return m[1].split(',').map((h) => h.trim());
}

function checkCluster(nodes: string[], app: string, tls: boolean): void {
  const ports = new Map<string, string>();
  for (const name of nodes) {
    const node = services[name];
    expect(node).toBeDefined();
    expect(node.image).toMatch(/eventstore\/eventstore|kurrentdb/);
    expect(setting(node, 'CLUSTER_SIZE')).toBe('3');
    expect(setting(node, 'DISCOVER_VIA_DNS')).toBe('false');
    expect(setting(node, 'INSECURE')).toBe(tls ? 'false' : 'true');
    const seeds = (setting(node, 'GOSSIP_SEED') ?? '').split(',').map((s) => s.trim());
    // Each node seeds its gossip with exactly the two others.
    expect(seeds.map((s) => s.split(':')[0]).sort()).toEqual(nodes.filter((n) => n !== name).sort());
    for (const s of seeds) ports.set(s.split(':')[0], s.split(':')[1]);
  }
  const api = services[app];
  expect(api.environment?.EVENT_STORE).toBe('eventstoredb');
  const url = api.environment?.EVENTSTOREDB_URL ?? '';
  expect(url).toContain(`tls=${tls}`);
  expect(hostsOf(url).sort()).toEqual(nodes.map((n) => `${n}:${ports.get(n)}`).sort());
  expect(
    Object.keys(api.depends_on ?? {})
      .filter((d) => nodes.includes(d))
      .sort(),
  ).toEqual([...nodes].sort());
}

describe('infra/docker-compose.yml', () => {
  it('dev profile: three insecure nodes gossip with each other and ledger-api names all three', () => {
    checkCluster(['node1', 'node2', 'node3'], 'ledger-api', false);
    expect(services['ledger-api'].environment?.EVENTSTOREDB_URL).toBe(
      'esdb://node1:2113,node2:2113,node3:2113?tls=false',
    );
    for (const n of ['node1', 'node2', 'node3', 'ledger-api', 'projector'])
      expect(services[n].profiles).toContain('dev');
  });

  it('the projector uses the same cluster', () => {
    const p = services.projector;
    expect(p.environment?.EVENT_STORE).toBe('eventstoredb');
    expect(p.environment?.EVENTSTOREDB_URL).toBe(services['ledger-api'].environment?.EVENTSTOREDB_URL);
    expect(([] as string[]).concat(p.command ?? []).join(' ')).toContain('dist/apps/projector/src/main.js');
  });

  it('secure profile: certificates from es-gencert-cli, three TLS nodes gossiping, the app trusting the CA', () => {
    const gen = services['cert-gen'];
    expect(gen.image).toMatch(/^eventstore\/es-gencert-cli:/);
    expect(gen.profiles).toEqual(['secure']);
    const nodes = ['secure-node1', 'secure-node2', 'secure-node3'];
    checkCluster(nodes, 'ledger-api-secure', true);
    nodes.forEach((n, i) => {
      expect(String(gen.command)).toContain(`-out ./node${i + 1} -dns-names ${n}`);
      expect(setting(services[n], 'CERTIFICATE_FILE')).toBe(`/certs/node${i + 1}/node.crt`);
      expect(services[n].depends_on).toHaveProperty('cert-gen');
      expect(services[n].profiles).toEqual(['secure']);
    });
    expect(services['ledger-api-secure'].environment?.EVENTSTOREDB_URL).toContain(
      'tlsCAFile=/certs/ca/ca.crt',
    );
  });

  it('the Dockerfile is multi-stage on node:20 and runs ledger-api from dist', () => {
    const docker = fs.readFileSync(path.join(__dirname, '..', '..', 'infra', 'Dockerfile'), 'utf8');
    const stages = docker.match(/^FROM\s+\S+/gm) ?? [];
    expect(stages.length).toBeGreaterThanOrEqual(2);
    for (const s of stages) expect(s).toMatch(/node:20/);
    expect(docker).toContain('npm run build:server');
    expect(docker).toMatch(/CMD \["node", "dist\/apps\/ledger-api\/src\/main\.js"\]/);
  });
});
