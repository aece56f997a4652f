#!/usr/bin/env node
/* global process */
'use strict';
// The `brane` command; see src/run.ts. `run` sets process.exitCode and never rejects.
require('../dist/index.cjs').run(process.argv);
