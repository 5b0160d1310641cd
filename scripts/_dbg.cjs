const path=require('path');
const { japaneseAnalyser } = require('../dist/bot/rulings/search/japanese-analyser.js');
const { prepareQuery } = require('../dist/bot/rulings/search/prepare-query.js');
const { loadSynonyms, loadSudachiSynonyms, termsByReading } = require('../dist/bot/rulings/search/synonyms.js');
const a=japaneseAnalyser(); const syn=loadSynonyms('bot/rulings/synonyms.txt'); const general=loadSudachiSynonyms();
const lang={analyser:a,general,readings:termsByReading(syn,t=>a.reading(t))};
for (const q of process.argv.slice(2)) { const p=prepareQuery(q,syn,lang); console.log(q, JSON.stringify(p.concepts.map(c=>(c.expansion?'+':'')+c.text)), JSON.stringify(p.groups)); }
