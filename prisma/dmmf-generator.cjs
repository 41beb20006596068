#!/usr/bin/env node
// Prisma generator: writes the full DMMF datamodel to <output>/dmmf.json. The client only carries a reduced DMMF,
// and @adminjs/prisma needs the full one (ids, relations) to build its resources.
const fs = require('node:fs');
const path = require('node:path');
const { generatorHandler } = require('@prisma/generator-helper');

generatorHandler({
  onManifest: () => ({ prettyName: 'Full DMMF for AdminJS', defaultOutput: './generated', requiresEngines: [] }),
  onGenerate: async (options) => {
    const out = options.generator.output?.value;
    if (!out) throw new Error('dmmf generator: no output directory');
    fs.mkdirSync(out, { recursive: true });
    fs.writeFileSync(path.join(out, 'dmmf.json'), JSON.stringify(options.dmmf.datamodel));
  },
});
