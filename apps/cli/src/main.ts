#!/usr/bin/env node
console.log('weft — the Weft workflow CLI (commands arrive with the DSL issue)');
