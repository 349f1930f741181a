/**
 * The layers of DESIGN.md §3, checked by dependency-cruiser on every import of `src/`: static,
 * type-only, re-exports and dynamic `import()` with a literal specifier alike, so a type pulled
 * from a higher layer is as much a violation as a value. Imports point downwards only:
 *
 *   domain < automation < store, queue, channels < api < cli
 *
 * and the three layers of the same rank do not import each other. Run `npm run check-layers`.
 * TypeScript 7 has no compiler API that dependency-cruiser can load, so sources are parsed by swc.
 */

const LAYERS = '(domain|automation|store|queue|channels|api|cli)';

/** Packages that only compute (no I/O, no global state), which the pure domain layer may use. */
const PURE_PACKAGES = ['luxon', 'typebox', 're2js', 'libphonenumber-js'];

/** Packages and Node modules that reach disks, networks, databases or processes. */
const IO_PACKAGES = ['pg', 'kysely', 'fastify', '@fastify/[^/]+', 'nodemailer', 'mailparser', 'smtp-server', 'pino'];
const IO_BUILTINS = [
  'fs',
  'fs/promises',
  'net',
  'http',
  'https',
  'http2',
  'dgram',
  'dns',
  'dns/promises',
  'tls',
  'child_process',
  'cluster',
  'sqlite',
];

/** A resolved npm package, wherever the cruise started: `…node_modules/<name>/…`. */
const inPackages = (names) => `(^|/)node_modules/(${names.join('|')})/`;

/** How a package that is not installed shows: its bare name, perhaps with a subpath. */
const unresolvedPackages = (names) => `^(${names.join('|')})(/|$)`;

const TESTS = '\\.test\\.[cm]?tsx?$';

export default {
  forbidden: [
    {
      name: 'domain-imports-no-higher-layer',
      comment: 'domain is the lowest layer: it imports no other layer of src/.',
      severity: 'error',
      from: { path: '^src/domain/' },
      to: { path: '^src/(automation|store|queue|channels|api|cli)/' },
    },
    {
      name: 'automation-imports-only-domain',
      comment: 'automation sits on domain alone; storage, queue, channels, api and cli come above it.',
      severity: 'error',
      from: { path: '^src/automation/' },
      to: { path: '^src/(store|queue|channels|api|cli)/' },
    },
    {
      name: 'store-queue-channels-import-no-higher-layer',
      comment: 'store, queue and channels sit below the api and the cli.',
      severity: 'error',
      from: { path: '^src/(store|queue|channels)/' },
      to: { path: '^src/(api|cli)/' },
    },
    {
      name: 'same-rank-layers-are-independent',
      comment: 'store, queue and channels share a rank: none of them imports another.',
      severity: 'error',
      from: { path: '^src/(store|queue|channels)/' },
      to: { path: '^src/(store|queue|channels)/', pathNot: '^src/$1/' },
    },
    {
      name: 'api-imports-no-cli',
      comment: 'the cli composes the api, never the other way round.',
      severity: 'error',
      from: { path: '^src/api/' },
      to: { path: '^src/cli/' },
    },
    {
      name: 'every-file-in-a-layer-folder',
      comment: `every file of src/ lives in a layer folder ${LAYERS}; this one imports something.`,
      severity: 'error',
      from: { path: '^src/', pathNot: `^src/${LAYERS}/` },
      to: {},
    },
    {
      name: 'every-file-in-a-layer-folder',
      comment: `every file of src/ lives in a layer folder ${LAYERS}; this one is imported.`,
      severity: 'error',
      from: { path: '^src/' },
      to: { path: '^src/', pathNot: `^src/${LAYERS}/` },
    },
    {
      name: 'every-file-in-a-layer-folder',
      comment: `every file of src/ lives in a layer folder ${LAYERS}; this one stands alone.`,
      severity: 'error',
      from: { orphan: true, path: '^src/', pathNot: `^src/${LAYERS}/` },
      to: {},
    },
    {
      name: 'domain-imports-only-pure-packages',
      comment: `domain is pure: of all packages it imports only ${PURE_PACKAGES.join(', ')}.`,
      severity: 'error',
      from: { path: '^src/domain/' },
      to: {
        dependencyTypesNot: ['core', 'local'],
        pathNot: [inPackages(PURE_PACKAGES), unresolvedPackages(PURE_PACKAGES)],
      },
    },
    {
      name: 'domain-does-no-io',
      comment: 'domain does no I/O: Node built-ins only in its tests.',
      severity: 'error',
      from: { path: '^src/domain/', pathNot: TESTS },
      to: { dependencyTypes: ['core'] },
    },
    {
      name: 'automation-does-no-io',
      comment: 'automation reaches the outside world only through ports that the outer layers fill.',
      severity: 'error',
      from: { path: '^src/automation/' },
      to: {
        path: [
          inPackages(IO_PACKAGES),
          unresolvedPackages(IO_PACKAGES),
          `^(node:)?(${IO_BUILTINS.join('|')})$`,
        ],
      },
    },
    {
      name: 'production-imports-no-test-code',
      comment: 'test doubles and helpers live in test/ or in *.test.ts files, and ship in no process.',
      severity: 'error',
      from: { path: '^src/', pathNot: TESTS },
      to: { path: ['^test/', TESTS] },
    },
    {
      name: 'no-unresolvable-import',
      comment: 'an import that names no file or installed package cannot be checked, nor run.',
      severity: 'error',
      from: { path: '^src/' },
      to: { couldNotResolve: true },
    },
    // Routes stay thin: the unit of work belongs to a command, so no route opens a transaction
    // itself. Type imports (the `Repositories` shape) stay allowed; tests may set data up in one.
    {
      name: 'routes-open-no-transaction',
      comment: 'a route hands its work to a command, which owns the transaction.',
      severity: 'error',
      from: { path: '^src/api/routes/', pathNot: TESTS },
      to: {
        path: '^src/store/(repositories/index|transaction)\\.ts$',
        dependencyTypesNot: ['type-only'],
      },
    },
  ],
  options: {
    parser: 'swc',
    doNotFollow: { path: 'node_modules' },
    moduleSystems: ['es6', 'cjs'],
    enhancedResolveOptions: {
      extensions: ['.ts', '.tsx', '.js', '.mjs', '.cjs', '.json'],
      conditionNames: ['import', 'require', 'node', 'default', 'types'],
      exportsFields: ['exports'],
      mainFields: ['module', 'main', 'types'],
    },
    reporterOptions: { text: { highlightFocused: true } },
  },
};
