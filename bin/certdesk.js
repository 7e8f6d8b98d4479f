#!/usr/bin/env node
import '../dist/certdesk-cli.js';
