// MQTT.js interoperability checks against a running broker.
//
// Usage: node mqttjs-interop.mjs PORT WS_PORT
//        (or MQTT_PORT=PORT MQTT_WS_PORT=WS_PORT node mqttjs-interop.mjs)
//        PORT is the plain TCP listener, WS_PORT the WebSocket listener, which
//        clients reach the way a browser does: ws://MQTT_HOST:WS_PORT/mqtt.
//        MQTT_HOST defaults to 127.0.0.1, MQTT_WS_PATH to /mqtt.
//
// The `mqtt` package (5.x) must resolve from the folder this file is run from:
// ESM ignores NODE_PATH, so .ci/run copies this file next to a node_modules
// that holds mqtt@5 and runs it there.
//
// Every check is a named async function in CHECKS below. Each check gets a
// fresh Context, opens its clients through ctx.open(), registers clean-up
// through ctx.defer(), and returns a short detail string. Every network step
// has a timeout (STEP_TIMEOUT_MS), each check has one (CHECK_TIMEOUT_MS) and
// the whole run has one (GLOBAL_TIMEOUT_MS).
//
// A check with `protocolVersion: 5` connects with MQTT 5 (options such as
// `properties` pass straight through to mqtt.connect / publishAsync /
// subscribeAsync); the others use MQTT 3.1.1 (protocolVersion 4). A check
// with `transport: 'ws'` opens its clients with mqtt.connect('ws://...');
// the others over plain TCP. A check that needs both makes a second Context.

import { connect as mqttConnect } from 'mqtt';
import { request as httpRequest } from 'node:http';
import { createRequire } from 'node:module';
import { randomBytes } from 'node:crypto';

const HOST = process.env.MQTT_HOST || '127.0.0.1';
const PORT = Number(process.argv[2] ?? process.env.MQTT_PORT);
const WS_PORT = Number(process.argv[3] ?? process.env.MQTT_WS_PORT);
const WS_PATH = process.env.MQTT_WS_PATH || '/mqtt';
const WS_URL = `ws://${HOST}:${WS_PORT}${WS_PATH}`;
const STEP_TIMEOUT_MS = 10_000;
const CHECK_TIMEOUT_MS = 30_000;
const GLOBAL_TIMEOUT_MS = 60_000;
// How long to keep listening for messages that must NOT arrive (duplicates,
// non-matching topics) after the last expected one has arrived.
const SETTLE_MS = 300;
// Unique per run: client ids and topics never collide with an earlier run.
const SUFFIX = randomBytes(4).toString('hex');
const BASE = `petrel-interop/${SUFFIX}`;

const validPort = (port) => Number.isInteger(port) && port >= 1 && port <= 65535;
if (!validPort(PORT) || !validPort(WS_PORT)) {
  console.log('FAIL usage: node mqttjs-interop.mjs PORT WS_PORT (or set MQTT_PORT and MQTT_WS_PORT)');
  process.exit(1);
}

// ---------------------------------------------------------------- helpers

function withTimeout(promise, what, ms = STEP_TIMEOUT_MS) {
  let timer;
  const timeout = new Promise((_, reject) => {
    timer = setTimeout(() => reject(new Error(`timed out after ${ms} ms: ${what}`)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

function assert(condition, message) {
  if (!condition) throw new Error(message);
}

/** Collects every message a client receives, from the moment it is created. */
class Inbox {
  constructor(client, label) {
    this.label = label;
    this.messages = [];
    this.waiters = new Set();
    this.failure = null;
    client.on('message', (topic, payload, packet) => {
      this.messages.push({
        topic,
        payload: payload.toString('utf8'),
        qos: packet.qos,
        retain: packet.retain,
        dup: packet.dup,
        properties: packet.properties ?? {},
      });
      for (const waiter of [...this.waiters]) waiter();
    });
    client.on('error', (err) => this.fail(err));
  }

  fail(err) {
    this.failure ??= err;
    for (const waiter of [...this.waiters]) waiter();
  }

  /** Resolves with the first truthy value of cond(messages), re-evaluated on each message. */
  waitUntil(what, cond, ms = STEP_TIMEOUT_MS) {
    let waiter;
    const promise = new Promise((resolve, reject) => {
      waiter = () => {
        if (this.failure) return reject(new Error(`${this.label}: ${this.failure.message} (while waiting for ${what})`));
        const value = cond(this.messages);
        if (value) resolve(value);
      };
      this.waiters.add(waiter);
      waiter();
    });
    return withTimeout(promise, `${this.label}: ${what}`, ms).finally(() => this.waiters.delete(waiter));
  }

  /** Resolves with the first message on `topic` (optionally also matching `filter`). */
  next(topic, filter = () => true, what = `message on ${topic}`) {
    return this.waitUntil(what, (msgs) => msgs.find((m) => m.topic === topic && filter(m)));
  }

  on(topic) {
    return this.messages.filter((m) => m.topic === topic);
  }
}

class Context {
  constructor(protocolVersion, transport = 'tcp') {
    this.protocolVersion = protocolVersion;
    this.transport = transport;
    this.where = transport === 'ws' ? WS_URL : `${HOST}:${PORT}`;
    this.clients = new Set();
    this.deferred = [];
  }

  /**
   * Connects a client and waits for CONNACK. `name` becomes the client id
   * `${name}-${SUFFIX}` unless opts.clientId is given. Returns
   * { client, clientId, inbox, connack, lost, closing }; `lost` rejects when
   * the connection drops without ctx.close() having been asked for.
   */
  async open(name, opts = {}) {
    const clientId = opts.clientId ?? `${name}-${SUFFIX}`;
    const options = {
      protocolVersion: this.protocolVersion,
      // MQTT 3.1 names itself MQIsdp (and MQTT.js then offers the WebSocket subprotocol mqttv3.1).
      ...(this.protocolVersion === 3 ? { protocolId: 'MQIsdp' } : {}),
      clientId,
      clean: true,
      keepalive: 30,
      reconnectPeriod: 0, // never reconnect behind the test's back
      connectTimeout: STEP_TIMEOUT_MS,
      ...opts,
    };
    // Over WebSocket, as a browser page does: the URL names scheme, host, port and path.
    const client = this.transport === 'ws'
      ? mqttConnect(WS_URL, options)
      : mqttConnect({ host: HOST, port: PORT, protocol: 'mqtt', ...options });
    this.clients.add(client);
    const inbox = new Inbox(client, clientId); // listens before CONNACK: nothing is missed
    const c = { client, clientId, inbox, connack: null, closing: false };
    c.lost = new Promise((_, reject) => {
      client.on('close', () => {
        if (c.closing) return;
        const err = new Error('connection closed by the broker');
        inbox.fail(err);
        reject(new Error(`${clientId}: ${err.message}`));
      });
    });
    c.lost.catch(() => {}); // only matters while a step races against it
    c.connack = await withTimeout(
      new Promise((resolve, reject) => {
        const where = `${clientId}: CONNECT to ${this.where}`;
        client.once('connect', resolve);
        client.once('error', (err) => reject(new Error(`${where}: ${err.message}`)));
        client.once('close', () => reject(new Error(`${where}: connection closed before CONNACK`)));
      }),
      `${clientId}: CONNECT -> CONNACK on ${this.where}`,
    );
    return c;
  }

  /** One network step of client c: fails on timeout or when c's connection drops. */
  step(c, promise, what) {
    return withTimeout(Promise.race([promise, c.lost]), `${c.clientId}: ${what}`);
  }

  /** Subscribes and checks the broker granted exactly the requested QoS. */
  async subscribe(c, topic, qos) {
    const granted = await this.step(
      c,
      c.client.subscribeAsync({ [topic]: { qos } }),
      `SUBSCRIBE ${topic} qos ${qos} -> SUBACK`,
    );
    const g = granted?.[0]?.qos;
    assert(g !== 128, `${c.clientId}: SUBSCRIBE ${topic} qos ${qos} was refused (SUBACK 0x80)`);
    assert(g === qos, `${c.clientId}: SUBSCRIBE ${topic} qos ${qos} granted qos ${g}`);
    return g;
  }

  publish(c, topic, payload, opts = {}) {
    const qos = opts.qos ?? 0;
    return this.step(
      c,
      c.client.publishAsync(topic, payload, { qos, retain: false, ...opts }),
      `PUBLISH ${topic} qos ${qos}${opts.retain ? ' retain' : ''}` +
        (qos > 0 ? ` -> ${qos === 1 ? 'PUBACK' : 'PUBREC/PUBCOMP'}` : ''),
    );
  }

  /** Graceful DISCONNECT. */
  async close(c) {
    c.closing = true;
    await withTimeout(c.client.endAsync(), `${c.clientId}: DISCONNECT`);
    this.clients.delete(c.client);
  }

  /** Registers a clean-up step; they run last-in first-out after the check. */
  defer(what, fn) {
    this.deferred.push({ what, fn });
  }

  /** Removes a retained message by publishing an empty retained payload. */
  async clearRetained(name, topic) {
    const c = await this.open(name);
    await this.publish(c, topic, '', { qos: 1, retain: true });
    await this.close(c);
  }

  async cleanup() {
    for (const client of this.clients) client.end(true);
    this.clients.clear();
    const errors = [];
    for (const { what, fn } of this.deferred.reverse()) {
      try {
        await withTimeout(fn(), `clean-up: ${what}`);
      } catch (err) {
        errors.push(err.message);
      } finally {
        for (const client of this.clients) client.end(true);
        this.clients.clear();
      }
    }
    this.deferred = [];
    if (errors.length) throw new Error(errors.join('; '));
  }
}

// ----------------------------------------------------------------- checks

const CHECKS = [
  {
    name: 'connect: clean session CONNACK',
    async run(ctx) {
      const c = await ctx.open('conn');
      assert(c.connack.returnCode === 0, `CONNACK return code ${c.connack.returnCode}, expected 0`);
      assert(c.connack.sessionPresent === false, 'CONNACK sessionPresent is true for a clean session');
      await ctx.close(c);
      return `client ${c.clientId}, return code 0, sessionPresent false`;
    },
  },

  {
    name: 'qos 0/1/2: subscribe and publish at each qos',
    async run(ctx) {
      const sub = await ctx.open('qos-sub');
      const pub = await ctx.open('qos-pub');
      const levels = [0, 1, 2];
      const topic = (s) => `${BASE}/qos/sub${s}`;
      for (const s of levels) await ctx.subscribe(sub, topic(s), s);

      const expected = [];
      for (const s of levels) {
        for (const p of levels) {
          const payload = `sub${s}-pub${p}-${SUFFIX}`;
          expected.push({ topic: topic(s), payload, qos: Math.min(s, p) });
          await ctx.publish(pub, topic(s), payload, { qos: p });
        }
      }
      const has = (msgs, e) => msgs.some((m) => m.topic === e.topic && m.payload === e.payload);
      await sub.inbox.waitUntil(`all ${expected.length} messages`, (msgs) => expected.every((e) => has(msgs, e)));
      await sleep(SETTLE_MS);

      for (const e of expected) {
        const got = sub.inbox.messages.filter((m) => m.topic === e.topic && m.payload === e.payload);
        assert(got.length === 1, `"${e.payload}" delivered ${got.length} times, expected once`);
        assert(got[0].qos === e.qos, `"${e.payload}" delivered at qos ${got[0].qos}, expected ${e.qos}`);
        assert(got[0].retain === false, `"${e.payload}" delivered with retain=true`);
      }
      assert(
        sub.inbox.messages.length === expected.length,
        `received ${sub.inbox.messages.length} messages, expected ${expected.length}`,
      );
      await ctx.close(pub);
      await ctx.close(sub);
      return `${expected.length} messages, each once at qos min(published, granted)`;
    },
  },

  {
    name: 'retained: new subscriber gets it with retain flag',
    async run(ctx) {
      const topic = `${BASE}/retained`;
      const payload = `retained-${SUFFIX}`;
      const pub = await ctx.open('ret-pub');
      await ctx.publish(pub, topic, payload, { qos: 1, retain: true });
      ctx.defer(`clear retained ${topic}`, () => ctx.clearRetained('ret-clr', topic));
      await ctx.close(pub);

      const sub = await ctx.open('ret-sub');
      await ctx.subscribe(sub, topic, 1);
      const m = await sub.inbox.next(topic, () => true, `retained message on ${topic}`);
      assert(m.payload === payload, `payload "${m.payload}", expected "${payload}"`);
      assert(m.retain === true, 'retained message delivered with retain=false');
      assert(m.qos === 1, `delivered at qos ${m.qos}, expected 1`);
      await ctx.close(sub);
      return `payload "${payload}", retain=true, qos 1`;
    },
  },

  {
    name: 'retained: empty retained payload clears it',
    async run(ctx) {
      const topic = `${BASE}/retained-clear`;
      const pub = await ctx.open('clr-pub');
      await ctx.publish(pub, topic, `to-be-cleared-${SUFFIX}`, { qos: 1, retain: true });
      ctx.defer(`clear retained ${topic}`, () => ctx.clearRetained('clr-clr', topic));
      await ctx.publish(pub, topic, '', { qos: 1, retain: true });

      const sub = await ctx.open('clr-sub');
      await ctx.subscribe(sub, topic, 1);
      // A live (non-retained) sentinel: once it is in, a retained message
      // sent on SUBSCRIBE would have arrived too.
      const sentinel = `sentinel-${SUFFIX}`;
      await ctx.publish(pub, topic, sentinel, { qos: 1 });
      await sub.inbox.next(topic, (m) => m.payload === sentinel, `sentinel on ${topic}`);
      await sleep(SETTLE_MS);
      const others = sub.inbox.on(topic).filter((m) => m.payload !== sentinel);
      assert(
        others.length === 0,
        `cleared retained topic still delivered: ${JSON.stringify(others.map((m) => m.payload))}`,
      );
      await ctx.close(pub);
      await ctx.close(sub);
      return 'new subscriber received no retained message';
    },
  },

  {
    name: 'offline message: persistent session (clean=false) gets qos 1 message',
    async run(ctx) {
      const id = `sub-${SUFFIX}`;
      const topic = `sub-${SUFFIX}`;
      const payload = 'message from pub';

      let sub = await ctx.open('sub', { clientId: id, clean: false });
      ctx.defer(`discard session ${id}`, async () => {
        const c = await ctx.open('sub', { clientId: id, clean: true });
        await ctx.close(c);
      });
      await ctx.subscribe(sub, topic, 1);
      await ctx.close(sub);

      const pub = await ctx.open('pub', { clientId: `pub-${SUFFIX}` });
      await ctx.publish(pub, topic, payload, { qos: 1, retain: true });
      ctx.defer(`clear retained ${topic}`, () => ctx.clearRetained('off-clr', topic));
      await ctx.close(pub);

      sub = await ctx.open('sub', { clientId: id, clean: false });
      assert(sub.connack.sessionPresent === true, 'reconnect with clean=false: CONNACK sessionPresent is false');
      const m = await sub.inbox.next(topic, () => true, `queued message on ${topic} after reconnect`);
      assert(m.payload === payload, `payload "${m.payload}", expected "${payload}"`);
      assert(m.qos === 1, `delivered at qos ${m.qos}, expected 1`);
      await ctx.close(sub);
      return `${id} got "${payload}" after reconnect, sessionPresent true`;
    },
  },

  {
    name: 'wildcard #: multi-level subscription',
    async run(ctx) {
      const sub = await ctx.open('hash-sub');
      const pub = await ctx.open('hash-pub');
      await ctx.subscribe(sub, `${BASE}/base/#`, 1);
      const miss = `${BASE}/basement/a/b`; // must not match base/#
      const parent = `${BASE}/base`; // "base/#" also matches "base"
      const hit = `${BASE}/base/a/b`;
      await ctx.publish(pub, miss, 'miss', { qos: 1 });
      await ctx.publish(pub, parent, 'parent', { qos: 1 });
      await ctx.publish(pub, hit, 'hit', { qos: 1 });
      await sub.inbox.next(parent);
      const m = await sub.inbox.next(hit);
      assert(m.payload === 'hit', `payload "${m.payload}", expected "hit"`);
      await sleep(SETTLE_MS);
      const topics = sub.inbox.messages.map((x) => x.topic).sort();
      assert(
        JSON.stringify(topics) === JSON.stringify([parent, hit].sort()),
        `received topics ${JSON.stringify(topics)}, expected ${hit} and ${parent} once each`,
      );
      await ctx.close(pub);
      await ctx.close(sub);
      return 'base/# got base/a/b and base once each, not basement/a/b';
    },
  },

  {
    name: 'wildcard +: single-level subscription',
    async run(ctx) {
      const sub = await ctx.open('plus-sub');
      const pub = await ctx.open('plus-pub');
      await ctx.subscribe(sub, `${BASE}/base/+/x`, 1);
      const misses = [`${BASE}/base/a/b/x`, `${BASE}/base/x`, `${BASE}/base/a/y`];
      const hit = `${BASE}/base/a/x`;
      for (const t of misses) await ctx.publish(pub, t, 'miss', { qos: 1 });
      await ctx.publish(pub, hit, 'hit', { qos: 1 });
      const m = await sub.inbox.next(hit);
      assert(m.payload === 'hit', `payload "${m.payload}", expected "hit"`);
      await sleep(SETTLE_MS);
      const topics = sub.inbox.messages.map((x) => x.topic);
      assert(
        JSON.stringify(topics) === JSON.stringify([hit]),
        `received topics ${JSON.stringify(topics)}, expected only ${hit} once`,
      );
      await ctx.close(pub);
      await ctx.close(sub);
      return 'base/+/x got base/a/x once, not base/a/b/x, base/x or base/a/y';
    },
  },

  {
    name: 'user properties reach the subscriber unaltered and in order',
    protocolVersion: 5,
    async run(ctx) {
      const topic = `${BASE}/v5/user-properties`;
      const sub = await ctx.open('v5-up-sub');
      const pub = await ctx.open('v5-up-pub');
      await ctx.subscribe(sub, topic, 1);
      const userProperties = { region: 'eu-west', device: ['sensor-1', 'sensor-2'] };
      await ctx.publish(pub, topic, 'with properties', {
        qos: 1,
        properties: { userProperties, contentType: 'text/plain', responseTopic: `${topic}/reply` },
      });
      const m = await sub.inbox.next(topic, () => true, `message with user properties on ${topic}`);
      const got = m.properties.userProperties ?? {};
      assert(got.region === 'eu-west', `user property region is ${JSON.stringify(got.region)}`);
      assert(
        JSON.stringify(got.device) === JSON.stringify(['sensor-1', 'sensor-2']),
        `repeated user property device is ${JSON.stringify(got.device)}`,
      );
      assert(m.properties.contentType === 'text/plain', `content type ${m.properties.contentType}`);
      assert(m.properties.responseTopic === `${topic}/reply`, `response topic ${m.properties.responseTopic}`);
      await ctx.close(pub);
      await ctx.close(sub);
      return 'user properties (one repeated), content type and response topic arrived unaltered';
    },
  },

  {
    name: 'message expiry: expired messages are not delivered, others carry the remaining interval',
    protocolVersion: 5,
    async run(ctx) {
      const id = `v5-exp-${SUFFIX}`;
      const topic = `${BASE}/v5/expiry`;
      let sub = await ctx.open('v5-exp-sub', { clientId: id, clean: false, properties: { sessionExpiryInterval: 60 } });
      ctx.defer(`discard session ${id}`, async () => {
        const c = await ctx.open('v5-exp-sub', { clientId: id, clean: true, properties: { sessionExpiryInterval: 0 } });
        await ctx.close(c);
      });
      await ctx.subscribe(sub, topic, 1);
      await ctx.close(sub);

      const pub = await ctx.open('v5-exp-pub');
      await ctx.publish(pub, topic, 'short-lived', { qos: 1, properties: { messageExpiryInterval: 1 } });
      await ctx.publish(pub, topic, 'long-lived', { qos: 1, properties: { messageExpiryInterval: 120 } });
      await ctx.close(pub);
      await sleep(2_100); // the short-lived message expires while its subscriber is away

      sub = await ctx.open('v5-exp-sub', { clientId: id, clean: false, properties: { sessionExpiryInterval: 60 } });
      assert(sub.connack.sessionPresent === true, 'reconnect: CONNACK sessionPresent is false');
      const m = await sub.inbox.next(topic, (x) => x.payload === 'long-lived', 'the long-lived message');
      const remaining = m.properties.messageExpiryInterval;
      assert(Number.isInteger(remaining) && remaining < 120 && remaining > 100, `remaining expiry interval ${remaining}`);
      await sleep(SETTLE_MS);
      const expired = sub.inbox.on(topic).filter((x) => x.payload === 'short-lived');
      assert(expired.length === 0, 'the expired message was delivered');
      await ctx.close(sub);
      return `expired message dropped; the other arrived with ${remaining} s left of 120`;
    },
  },

  {
    name: 'offline message with MQTT 5: session expiry keeps the session',
    protocolVersion: 5,
    async run(ctx) {
      const id = `v5-off-${SUFFIX}`;
      const topic = `${BASE}/v5/offline`;
      let sub = await ctx.open('v5-off-sub', { clientId: id, clean: true, properties: { sessionExpiryInterval: 60 } });
      ctx.defer(`discard session ${id}`, async () => {
        const c = await ctx.open('v5-off-sub', { clientId: id, clean: true, properties: { sessionExpiryInterval: 0 } });
        await ctx.close(c);
      });
      await ctx.subscribe(sub, topic, 1);
      await ctx.close(sub);
      const pub = await ctx.open('v5-off-pub');
      await ctx.publish(pub, topic, 'while you were away', { qos: 1 });
      await ctx.close(pub);
      sub = await ctx.open('v5-off-sub', { clientId: id, clean: false, properties: { sessionExpiryInterval: 60 } });
      assert(sub.connack.sessionPresent === true, 'reconnect: CONNACK sessionPresent is false');
      const m = await sub.inbox.next(topic, () => true, `queued message on ${topic}`);
      assert(m.payload === 'while you were away', `payload "${m.payload}"`);
      await ctx.close(sub);
      return 'queued QoS 1 message delivered after reconnect, sessionPresent true';
    },
  },

  {
    name: 'mixed versions: MQTT 5 publisher to MQTT 3.1.1 subscriber and back',
    protocolVersion: 5,
    async run(ctx) {
      const topic = `${BASE}/v5/mixed`;
      const v5 = await ctx.open('v5-mixed');
      const v3ctx = new Context(4);
      ctx.defer('close the 3.1.1 client', () => v3ctx.cleanup());
      const v3 = await v3ctx.open('v3-mixed');
      await ctx.subscribe(v5, `${topic}/to5`, 1);
      await v3ctx.subscribe(v3, `${topic}/to3`, 1);
      await ctx.publish(v5, `${topic}/to3`, 'from 5', { qos: 1, properties: { userProperties: { a: 'b' } } });
      await v3ctx.publish(v3, `${topic}/to5`, 'from 3', { qos: 1 });
      const at3 = await v3.inbox.next(`${topic}/to3`, () => true, 'message from the MQTT 5 client');
      const at5 = await v5.inbox.next(`${topic}/to5`, () => true, 'message from the MQTT 3.1.1 client');
      assert(at3.payload === 'from 5' && at5.payload === 'from 3', 'payloads differ');
      await v3ctx.close(v3);
      await ctx.close(v5);
      return 'both directions delivered';
    },
  },

  // ------------------------------------------------------------ WebSocket

  {
    name: 'ws: connect over WebSocket gets CONNACK',
    transport: 'ws',
    async run(ctx) {
      const c = await ctx.open('ws-conn');
      assert(c.connack.returnCode === 0, `CONNACK return code ${c.connack.returnCode}, expected 0`);
      assert(c.connack.sessionPresent === false, 'CONNACK sessionPresent is true for a clean session');
      await ctx.close(c);
      return `client ${c.clientId} connected at ${WS_URL}`;
    },
  },

  {
    name: 'ws: connect over WebSocket gets CONNACK',
    transport: 'ws',
    protocolVersion: 5,
    async run(ctx) {
      const c = await ctx.open('ws5-conn');
      assert(c.connack.reasonCode === 0, `CONNACK reason code ${c.connack.reasonCode}, expected 0`);
      const max = c.connack.properties?.maximumPacketSize;
      assert(Number.isInteger(max) && max > 0, `CONNACK maximum packet size ${max}`);
      await ctx.close(c);
      return `client ${c.clientId} connected at ${WS_URL}, maximum packet size ${max}`;
    },
  },

  {
    name: 'ws: MQTT 3.1 (MQIsdp) over WebSocket exchanges messages with an MQTT 3.1.1 TCP client',
    transport: 'ws',
    protocolVersion: 3,
    async run(ctx) {
      const topic = `${BASE}/ws/mqtt31`;
      const ws31 = await ctx.open('ws31');
      assert(ws31.connack.returnCode === 0, `CONNACK return code ${ws31.connack.returnCode}, expected 0`);
      const tcp = new Context(4, 'tcp');
      ctx.defer('close the TCP client', () => tcp.cleanup());
      const tcp311 = await tcp.open('tcp311-for-31');
      await ctx.subscribe(ws31, `${topic}/to-ws`, 1);
      await tcp.subscribe(tcp311, `${topic}/to-tcp`, 1);
      await ctx.publish(ws31, `${topic}/to-tcp`, 'from 3.1', { qos: 1 });
      await tcp.publish(tcp311, `${topic}/to-ws`, 'from 3.1.1', { qos: 1 });
      const atTcp = await tcp311.inbox.next(`${topic}/to-tcp`, () => true, 'message from the MQTT 3.1 client');
      const atWs = await ws31.inbox.next(`${topic}/to-ws`, () => true, 'message from the MQTT 3.1.1 client');
      assert(atTcp.payload === 'from 3.1' && atWs.payload === 'from 3.1.1', 'payloads differ');
      await tcp.close(tcp311);
      await ctx.close(ws31);
      return 'MQIsdp level 3 over WebSocket: both directions delivered';
    },
  },

  {
    name: 'ws: WebSocket and TCP clients exchange messages at qos 0/1/2',
    transport: 'ws',
    async run(ctx) {
      await exchangeBetweenTransports(ctx, 4, 'ws3');
      return 'ws -> tcp and tcp -> ws at each qos, each once at the published qos';
    },
  },

  {
    name: 'ws: WebSocket and TCP clients exchange messages at qos 0/1/2',
    transport: 'ws',
    protocolVersion: 5,
    async run(ctx) {
      await exchangeBetweenTransports(ctx, 5, 'ws5');
      return 'ws -> tcp and tcp -> ws at each qos, each once at the published qos';
    },
  },

  {
    name: 'ws: MQTT 5 over WebSocket and MQTT 3.1.1 over TCP, both ways',
    transport: 'ws',
    protocolVersion: 5,
    async run(ctx) {
      const topic = `${BASE}/ws/mixed-5ws-3tcp`;
      const ws5 = await ctx.open('ws5-mixed');
      const tcp = new Context(4, 'tcp');
      ctx.defer('close the TCP 3.1.1 client', () => tcp.cleanup());
      const tcp3 = await tcp.open('tcp3-mixed');
      await ctx.subscribe(ws5, `${topic}/to-ws`, 1);
      await tcp.subscribe(tcp3, `${topic}/to-tcp`, 1);
      await ctx.publish(ws5, `${topic}/to-tcp`, 'from ws 5', { qos: 1, properties: { userProperties: { a: 'b' } } });
      await tcp.publish(tcp3, `${topic}/to-ws`, 'from tcp 3.1.1', { qos: 1 });
      const atTcp = await tcp3.inbox.next(`${topic}/to-tcp`, () => true, 'message from the ws MQTT 5 client');
      const atWs = await ws5.inbox.next(`${topic}/to-ws`, () => true, 'message from the tcp MQTT 3.1.1 client');
      assert(atTcp.payload === 'from ws 5', `tcp 3.1.1 client got "${atTcp.payload}"`);
      assert(atWs.payload === 'from tcp 3.1.1', `ws 5 client got "${atWs.payload}"`);
      await tcp.close(tcp3);
      await ctx.close(ws5);
      return 'both directions delivered';
    },
  },

  {
    name: 'ws: MQTT 3.1.1 over WebSocket and MQTT 5 over TCP, both ways',
    transport: 'ws',
    async run(ctx) {
      const topic = `${BASE}/ws/mixed-3ws-5tcp`;
      const ws3 = await ctx.open('ws3-mixed');
      const tcp = new Context(5, 'tcp');
      ctx.defer('close the TCP MQTT 5 client', () => tcp.cleanup());
      const tcp5 = await tcp.open('tcp5-mixed');
      await ctx.subscribe(ws3, `${topic}/to-ws`, 2);
      await tcp.subscribe(tcp5, `${topic}/to-tcp`, 2);
      await ctx.publish(ws3, `${topic}/to-tcp`, 'from ws 3.1.1', { qos: 2 });
      await tcp.publish(tcp5, `${topic}/to-ws`, 'from tcp 5', { qos: 2, properties: { contentType: 'text/plain' } });
      const atTcp = await tcp5.inbox.next(`${topic}/to-tcp`, () => true, 'message from the ws MQTT 3.1.1 client');
      const atWs = await ws3.inbox.next(`${topic}/to-ws`, () => true, 'message from the tcp MQTT 5 client');
      assert(atTcp.payload === 'from ws 3.1.1' && atTcp.qos === 2, `tcp 5 client got "${atTcp.payload}" at qos ${atTcp.qos}`);
      assert(atWs.payload === 'from tcp 5' && atWs.qos === 2, `ws 3.1.1 client got "${atWs.payload}" at qos ${atWs.qos}`);
      await tcp.close(tcp5);
      await ctx.close(ws3);
      return 'both directions delivered at qos 2';
    },
  },

  {
    name: 'ws: a large message crosses WebSocket frames intact',
    transport: 'ws',
    async run(ctx) {
      const topic = `${BASE}/ws/large`;
      const sub = await ctx.open('ws-large-sub');
      const pub = await ctx.open('ws-large-pub');
      await ctx.subscribe(sub, topic, 1);
      const payload = randomBytes(150 * 1024).toString('hex'); // 300 KB of text
      await ctx.publish(pub, topic, payload, { qos: 1 });
      const m = await sub.inbox.next(topic, () => true, 'the large message');
      assert(m.payload.length === payload.length, `received ${m.payload.length} characters, sent ${payload.length}`);
      assert(m.payload === payload, 'the large payload arrived altered');
      await ctx.close(pub);
      await ctx.close(sub);
      return `${payload.length} bytes from ws to ws unaltered`;
    },
  },

  {
    name: 'ws: retained message published over TCP reaches a WebSocket subscriber',
    transport: 'ws',
    protocolVersion: 5,
    async run(ctx) {
      const topic = `${BASE}/ws/retained`;
      const payload = `retained-for-ws-${SUFFIX}`;
      const tcp = new Context(4, 'tcp');
      ctx.defer('close the TCP client', () => tcp.cleanup());
      const pub = await tcp.open('tcp-ret-pub');
      await tcp.publish(pub, topic, payload, { qos: 1, retain: true });
      ctx.defer(`clear retained ${topic}`, () => tcp.clearRetained('tcp-ret-clr', topic));
      await tcp.close(pub);
      const sub = await ctx.open('ws-ret-sub');
      await ctx.subscribe(sub, topic, 1);
      const m = await sub.inbox.next(topic, () => true, `retained message on ${topic}`);
      assert(m.payload === payload && m.retain === true, `got "${m.payload}" with retain=${m.retain}`);
      await ctx.close(sub);
      return 'retained message delivered over WebSocket with retain=true';
    },
  },

  {
    name: 'ws: the endpoint answers only MQTT WebSockets at its path',
    transport: 'ws',
    async run() {
      const wrongPath = `ws://${HOST}:${WS_PORT}/not-mqtt`;
      const client = mqttConnect(wrongPath, { reconnectPeriod: 0, connectTimeout: STEP_TIMEOUT_MS, clientId: `ws-404-${SUFFIX}` });
      try {
        const outcome = await withTimeout(
          new Promise((resolve) => {
            client.once('connect', () => resolve('connected'));
            client.once('error', (err) => resolve(`error: ${err.message}`));
            client.once('close', () => resolve('closed'));
          }),
          `CONNECT to ${wrongPath}`,
        );
        assert(outcome !== 'connected', `${wrongPath} accepted an MQTT connection`);
      } finally {
        client.end(true);
      }
      const accepted = await handshake(WS_PATH, 'mqtt');
      assert(accepted.status === 101 && accepted.subprotocol === 'mqtt',
        `handshake at ${WS_PATH} offering mqtt: ${accepted.status}, subprotocol ${accepted.subprotocol}`);
      const otherPath = await handshake('/not-mqtt', 'mqtt');
      assert(otherPath.status === 404, `handshake at /not-mqtt: HTTP ${otherPath.status}, expected 404`);
      const noMqtt = await handshake(WS_PATH, 'chat');
      assert(noMqtt.status === 400, `handshake at ${WS_PATH} offering only chat: HTTP ${noMqtt.status}, expected 400`);
      return `MQTT.js refused at /not-mqtt; handshakes: ${WS_PATH} + mqtt -> 101 mqtt, /not-mqtt -> 404, chat only -> 400`;
    },
  },
];

/**
 * A browser's WebSocket handshake at `path` offering `subprotocol`, by hand: resolves with the HTTP status
 * (101 when the server switched protocols) and the subprotocol it selected.
 */
function handshake(path, subprotocol) {
  const request = httpRequest({
    host: HOST,
    port: WS_PORT,
    path,
    headers: {
      Connection: 'Upgrade',
      Upgrade: 'websocket',
      'Sec-WebSocket-Version': '13',
      'Sec-WebSocket-Key': randomBytes(16).toString('base64'),
      'Sec-WebSocket-Protocol': subprotocol,
    },
  });
  const answer = new Promise((resolve, reject) => {
    request.once('upgrade', (response, socket) => {
      socket.destroy();
      resolve({ status: response.statusCode, subprotocol: response.headers['sec-websocket-protocol'] });
    });
    request.once('response', (response) => {
      response.resume();
      resolve({ status: response.statusCode, subprotocol: response.headers['sec-websocket-protocol'] });
    });
    request.once('error', reject);
  });
  request.end();
  return withTimeout(answer, `WebSocket handshake at ${path} offering ${subprotocol}`);
}

/**
 * One client over WebSocket (ctx) and one over TCP, both at MQTT `version`: each subscribes at qos 2 and
 * receives what the other publishes at qos 0, 1 and 2, each message once at the qos it was published.
 */
async function exchangeBetweenTransports(ctx, version, prefix) {
  const topic = `${BASE}/ws/${prefix}`;
  const ws = await ctx.open(`${prefix}-ws`);
  const tcp = new Context(version, 'tcp');
  ctx.defer('close the TCP client', () => tcp.cleanup());
  const other = await tcp.open(`${prefix}-tcp`);
  await ctx.subscribe(ws, `${topic}/to-ws`, 2);
  await tcp.subscribe(other, `${topic}/to-tcp`, 2);
  for (const qos of [0, 1, 2]) {
    await ctx.publish(ws, `${topic}/to-tcp`, `ws-qos${qos}`, { qos });
    await tcp.publish(other, `${topic}/to-ws`, `tcp-qos${qos}`, { qos });
  }
  for (const [receiver, inbox, from] of [['ws client', ws.inbox, 'tcp'], ['tcp client', other.inbox, 'ws']]) {
    await inbox.waitUntil(`${receiver}: 3 messages from the ${from} client`, (msgs) => msgs.length >= 3);
  }
  await sleep(SETTLE_MS);
  for (const [receiver, inbox, from, to] of [['ws client', ws.inbox, 'tcp', 'to-ws'], ['tcp client', other.inbox, 'ws', 'to-tcp']]) {
    const got = inbox.on(`${topic}/${to}`).map((m) => `${m.payload}@${m.qos}`).sort();
    const expected = [0, 1, 2].map((q) => `${from}-qos${q}@${q}`);
    assert(JSON.stringify(got) === JSON.stringify(expected), `${receiver} received ${JSON.stringify(got)}, expected ${JSON.stringify(expected)}`);
    assert(inbox.messages.length === 3, `${receiver} received ${inbox.messages.length} messages, expected 3`);
  }
  await tcp.close(other);
  await ctx.close(ws);
}

// ----------------------------------------------------------------- runner

let passed = 0;
let failed = 0;
let current = '(starting)';

process.on('unhandledRejection', (err) => {
  console.log(`FAIL ${current}: unhandled rejection: ${err?.stack ?? err}`);
  console.log(`${passed} passed, ${CHECKS.length - passed} failed`);
  process.exit(1);
});

setTimeout(() => {
  console.log(`FAIL global timeout of ${GLOBAL_TIMEOUT_MS} ms reached during "${current}"`);
  console.log(`${passed} passed, ${CHECKS.length - passed} failed`);
  process.exit(1);
}, GLOBAL_TIMEOUT_MS).unref();

const mqttVersion = createRequire(import.meta.url)('mqtt/package.json').version;
console.log(`MQTT.js ${mqttVersion} interop checks against ${HOST}:${PORT} and ${WS_URL} (run ${SUFFIX})`);

for (const check of CHECKS) {
  current = check.name;
  const ctx = new Context(check.protocolVersion ?? 4, check.transport ?? 'tcp');
  const version = { 3: '3.1', 4: '3.1.1', 5: '5' }[ctx.protocolVersion];
  const label = `[mqtt v${version}${ctx.transport === 'ws' ? ' ws' : ''}] ${check.name}`;
  try {
    const detail = await withTimeout(check.run(ctx), `check "${check.name}"`, CHECK_TIMEOUT_MS);
    await ctx.cleanup();
    passed++;
    console.log(`PASS ${label}${detail ? ` -- ${detail}` : ''}`);
  } catch (err) {
    let message = err?.message ?? String(err);
    try {
      await ctx.cleanup();
    } catch (cleanupErr) {
      message += ` (and ${cleanupErr.message})`;
    }
    failed++;
    console.log(`FAIL ${label}: ${message}`);
  }
}

console.log(`${passed} passed, ${failed} failed`);
process.exit(failed === 0 ? 0 : 1);
