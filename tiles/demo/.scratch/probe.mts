import { Project, Workspace, NodeProperty, CountType } from 'epanet-js';
import fs from 'node:fs';
const ws = new Workspace(); await ws.loadModule();
const p = new Project(ws);
ws.writeFile('a.inp', fs.readFileSync('/work/shared/data/epanet-examples/Net3.inp', 'utf8'));
const t0 = performance.now();
p.open('a.inp', 'a.rpt', 'a.out');
p.openH(); p.initH(0);
let steps = 0; let t = 0;
do { t = p.runH(); const n = p.getCount(CountType.NodeCount); p.getNodeValue(1, NodeProperty.Pressure); steps++; } while (p.nextH() > 0);
p.closeH(); p.close();
console.log(steps, performance.now() - t0);
const m = fs.readFileSync('/work/shared/data/epanet-real-crs/Modena.inp', 'utf8');
ws.writeFile('m.inp', m); try { p.open('m.inp','m.rpt','m.out'); p.solveH(); console.log('modena ok', p.getCount(CountType.NodeCount)); p.close(); } catch (e) { console.log('modena err', String(e)); }
