// Validates Closer's generated manifests with Microsoft's own tools, offline. Run by
// `cargo xtask test` (xtask/src/manifests/validate.rs) under the pinned Node:
//
//   node manifests/validate.mjs --xml outlook-addin.xml --unified outlook-unified.json \
//        --teams teams-manifest.json --work <scratch dir>
//
// - JSON manifests (unified Outlook, Teams): the schema their `$schema` names, as bundled in
//   @microsoft/app-manifest (package.json pins it), applied by its
//   `AppManifestUtils.validateAgainstSchema`, the validation Microsoft's Agents Toolkit runs.
// - The XML manifest: office-addin-manifest-converter parses it with Office's own manifest
//   parser (OSF) and converts it to a unified manifest; the conversion must load, pass its
//   schema, and do what the generated unified manifest does (same add-in, surfaces, pinning,
//   pane, permission, SSO, domains, mobile button).
//
// Every network call is refused: a schema the package lacks fails instead of being fetched.

import http from "node:http";
import https from "node:https";
import net from "node:net";
import tls from "node:tls";
import fs from "node:fs";
import path from "node:path";
import { createRequire } from "node:module";

const require = createRequire(import.meta.url);

function refuse(what) {
  return () => {
    throw new Error(`network access refused (${what}): manifest validation runs offline`);
  };
}
globalThis.fetch = async (url) => refuse(`fetch ${url}`)();
for (const [name, module] of [["http", http], ["https", https]]) {
  module.request = refuse(`${name}.request`);
  module.get = refuse(`${name}.get`);
}
net.connect = net.createConnection = refuse("net.connect");
tls.connect = refuse("tls.connect");

const { AppManifestUtils } = require("@microsoft/app-manifest");
const { convert } = require("office-addin-manifest-converter");
const version = (pkg) => require(`${pkg}/package.json`).version;
const TOOLS = `@microsoft/app-manifest ${version("@microsoft/app-manifest")}, ` +
  `office-addin-manifest-converter ${version("office-addin-manifest-converter")}`;

function args() {
  const out = {};
  const argv = process.argv.slice(2);
  for (let i = 0; i < argv.length; i += 2) {
    if (!argv[i].startsWith("--") || argv[i + 1] === undefined) {
      throw new Error(`usage: --xml F --unified F --teams F --work DIR (got ${argv[i]})`);
    }
    out[argv[i].slice(2)] = argv[i + 1];
  }
  for (const key of ["xml", "unified", "teams", "work"]) {
    if (!out[key]) throw new Error(`missing --${key}`);
  }
  return out;
}

const readJson = (file) => JSON.parse(fs.readFileSync(file, "utf8"));

/** Schema errors of a JSON manifest, against the bundled schema its `$schema` names. */
async function schemaErrors(manifest) {
  if (typeof manifest.$schema !== "string") return ["no $schema"];
  // The converter writes `…schema.json#`; the package resolves bundled schemas by path.
  const url = manifest.$schema.replace(/#$/, "");
  const schema = await AppManifestUtils.fetchSchema(url);
  return AppManifestUtils.validateAgainstSchema(manifest, schema);
}

const hostOf = (domain) => domain.replace(/^https?:\/\//i, "").replace(/\/$/, "").toLowerCase();
const sorted = (items) => [...new Set(items)].sort();
const same = (a, b) => JSON.stringify(a) === JSON.stringify(b);

/**
 * What a unified Outlook manifest makes the add-in do, in a form two manifests can be compared
 * by: per desktop context, the button's label, icons, and the pane it opens (pinnable or not).
 */
function behaviour(manifest) {
  const extension = manifest.extensions?.[0] ?? {};
  const actions = new Map();
  for (const runtime of extension.runtimes ?? []) {
    for (const action of runtime.actions ?? []) {
      actions.set(action.id, { page: runtime.code?.page, type: action.type, pinnable: Boolean(action.pinnable) });
    }
  }
  const desktop = {};
  const mobile = [];
  for (const ribbon of extension.ribbons ?? []) {
    const factors = ribbon.requirements?.formFactors ?? ["desktop", "mobile"];
    for (const tab of ribbon.tabs ?? []) {
      if (factors.includes("desktop")) {
        for (const group of tab.groups ?? []) {
          for (const control of group.controls ?? []) {
            for (const context of ribbon.contexts ?? []) {
              // Hosts take the first ribbon whose requirements they meet, so a later
              // definition of a context (the converter also emits Mail 1.0's) does not count.
              if (context in desktop) continue;
              desktop[context] = {
                label: control.label,
                icons: sorted((control.icons ?? []).map((i) => `${i.size} ${i.url}`)),
                opens: actions.get(control.actionId) ?? null,
              };
            }
          }
        }
      }
      if (factors.includes("mobile")) {
        for (const group of tab.customMobileRibbonGroups ?? []) {
          for (const control of group.controls ?? []) {
            mobile.push({
              label: control.label,
              icons: sorted((control.icons ?? []).map((i) => `${i.size}x${i.scale} ${i.url}`)),
              page: actions.get(control.actionId)?.page ?? null,
            });
          }
        }
      }
    }
  }
  return {
    id: manifest.id,
    version: manifest.version,
    requirements: sorted((extension.requirements?.capabilities ?? []).map((c) => `${c.name} ${c.minVersion ?? ""}`)),
    permissions: sorted((manifest.authorization?.permissions?.resourceSpecific ?? []).map((p) => `${p.type} ${p.name}`)),
    webApplicationInfo: manifest.webApplicationInfo ?? null,
    validDomains: sorted((manifest.validDomains ?? []).map(hostOf)),
    desktop: Object.fromEntries(Object.entries(desktop).sort()),
    mobile: sorted(mobile.map((m) => JSON.stringify(m))),
  };
}

async function main() {
  const options = args();
  const problems = [];
  const report = (what, errors) => {
    if (errors.length === 0) {
      console.log(`validate: ${what}: ok`);
    } else {
      for (const error of errors) problems.push(`${what}: ${error}`);
    }
  };

  const unified = readJson(options.unified);
  report(`${path.basename(options.unified)} (schema ${unified.$schema})`, await schemaErrors(unified));
  const teams = readJson(options.teams);
  report(`Teams manifest.json (schema ${teams.$schema})`, await schemaErrors(teams));

  // The XML, through Office's parser and Microsoft's XML-to-unified mapping.
  fs.rmSync(options.work, { recursive: true, force: true });
  let converted = null;
  try {
    await convert(options.xml, options.work, false, null, null, false);
    converted = readJson(path.join(options.work, "manifest.json"));
  } catch (error) {
    problems.push(`${path.basename(options.xml)}: Office's manifest parser refused it: ${error}`);
  }
  if (converted) {
    report(`${path.basename(options.xml)} converted (schema ${converted.$schema})`, await schemaErrors(converted));
    const expected = behaviour(unified);
    const actual = behaviour(converted);
    const differences = [];
    for (const key of Object.keys(expected)) {
      if (!same(expected[key], actual[key])) {
        differences.push(`${key}: the XML gives ${JSON.stringify(actual[key])}, the unified manifest ${JSON.stringify(expected[key])}`);
      }
    }
    if (Object.keys(expected.desktop).length === 0 || expected.mobile.length === 0) {
      differences.push("no desktop or no mobile button to compare");
    }
    report(`${path.basename(options.xml)} and ${path.basename(options.unified)} do the same`, differences);
  }

  if (problems.length > 0) {
    for (const problem of problems) console.error(`validate: FAILED ${problem}`);
    console.error(`validate: ${problems.length} problem(s) (${TOOLS})`);
    process.exit(1);
  }
  console.log(`validate: all manifests valid (${TOOLS}; offline)`);
}

main().catch((error) => {
  console.error(`validate: ${error?.stack ?? error}`);
  process.exit(1);
});
