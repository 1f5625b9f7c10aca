// Lints the Dockerfile without a Docker engine: no diagnostic from dockerfile-utils, and the instructions
// the image promises (README, "Running in Docker") are present.
// Usage, from a folder where `npm install dockerfile-utils@0.16` ran:  node /path/to/lint-dockerfile.mjs Dockerfile
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { pathToFileURL } from 'node:url';

// dockerfile-utils lives in the working directory's node_modules, not next to this script.
const require = createRequire(pathToFileURL(`${process.cwd()}/`).href);
const { validate } = require('dockerfile-utils');
const { DockerfileParser } = require('dockerfile-ast');

const path = process.argv[2];
if (!path) {
  console.error('usage: node lint-dockerfile.mjs DOCKERFILE');
  process.exit(2);
}
const text = readFileSync(path, 'utf8');
const failures = [];
const check = (ok, message) => {
  console.log(`${ok ? 'ok  ' : 'FAIL'} ${message}`);
  if (!ok) failures.push(message);
};

for (const diagnostic of validate(text)) {
  check(false, `line ${diagnostic.range.start.line + 1}: ${diagnostic.message}`);
}

const dockerfile = DockerfileParser.parse(text);
const froms = dockerfile.getFROMs();
const runtimeStart = froms.at(-1).getRange().start.line;
// The instructions of the last stage: the image that runs.
const runtime = dockerfile.getInstructions().filter((i) => i.getRange().start.line >= runtimeStart);
const argumentsOf = (instruction) => instruction.getArguments().map((a) => a.getValue());
const keyword = (k) => runtime.filter((i) => i.getKeyword() === k);

check(froms.length >= 2, `multi-stage build (${froms.length} FROM instructions)`);
check(/^eclipse-temurin:25[\w.-]*-jdk/.test(froms[0].getImage()), `build stage on a Temurin 25 JDK (${froms[0].getImage()})`);
check(/^eclipse-temurin:25[\w.-]*-jre/.test(froms.at(-1).getImage()), `runtime on a Temurin 25 JRE (${froms.at(-1).getImage()})`);
check(/\.\/mvnw\b/.test(text), 'built with the Maven Wrapper');
check(/-Djarmode=tools\s.*\bextract\b.*--layers.*--launcher/.test(text.replace(/\\\n/g, ' ')),
  'layered jar extraction (jarmode=tools extract --layers --launcher)');

const exposed = keyword('EXPOSE').flatMap(argumentsOf).map((port) => port.replace(/\/tcp$/, ''));
for (const port of ['1883', '8883', '8083', '8084', '8080']) {
  check(exposed.includes(port), `EXPOSE ${port}`);
}

const users = keyword('USER').flatMap(argumentsOf);
const user = users.at(-1) ?? 'root';
check(users.length > 0 && !/^(root|0)(:|$)/.test(user), `runs as a non-root USER (${user})`);

const healthchecks = keyword('HEALTHCHECK');
check(healthchecks.length === 1, 'one HEALTHCHECK');
const healthcheck = healthchecks.map((h) => h.getTextContent()).join('\n');
check(healthcheck.includes('/actuator/health/liveness'), 'HEALTHCHECK asks /actuator/health/liveness');
check(!/\bcurl\b|\bwget\b/.test(healthcheck), 'HEALTHCHECK needs neither curl nor wget (the JRE image has neither)');

check(/MaxRAMPercentage=\d+/.test(keyword('ENV').map((e) => e.getTextContent()).join('\n')),
  'container-aware heap (-XX:MaxRAMPercentage)');
const entrypoints = keyword('ENTRYPOINT');
check(entrypoints.length === 1 && entrypoints[0].getTextContent().includes('PropertiesLauncher'),
  'ENTRYPOINT starts PropertiesLauncher (extensions folder on the loader path)');

console.log(failures.length === 0 ? 'Dockerfile lint passed' : `Dockerfile lint: ${failures.length} failed`);
process.exit(failures.length === 0 ? 0 : 1);
