#!/usr/bin/env node
/** Entry of the webhook-desk command (bundled to out/cli/webhook-desk.cjs by scripts/build-cli.mjs). */
import { start } from './main'

void start()
