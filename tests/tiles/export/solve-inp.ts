import { CountType, NodeProperty, Project, Workspace } from 'epanet-js';

let workspace: Workspace | null = null;

/** Pressures (in the file's pressure units) of every node by EPANET id, at every hydraulic time step, solved by epanet-js. */
export async function solvePressures(inpText: string): Promise<{ times: number[]; pressures: Map<string, number[]> }> {
  return solveNodeValues(inpText, NodeProperty.Pressure);
}

/** Hydraulic heads (in the file's length units) of every node by EPANET id, at every hydraulic time step. */
export async function solveHeads(inpText: string): Promise<{ times: number[]; pressures: Map<string, number[]> }> {
  return solveNodeValues(inpText, NodeProperty.Head);
}

async function solveNodeValues(
  inpText: string,
  property: NodeProperty,
): Promise<{ times: number[]; pressures: Map<string, number[]> }> {
  if (!workspace) {
    workspace = new Workspace();
    await workspace.loadModule();
  }
  const project = new Project(workspace);
  workspace.writeFile('model.inp', inpText);
  project.open('model.inp', 'model.rpt', 'model.out');
  const count = project.getCount(CountType.NodeCount);
  const ids: string[] = [];
  for (let i = 1; i <= count; i++) ids.push(project.getNodeId(i));
  const pressures = new Map<string, number[]>(ids.map((id) => [id, []]));
  const times: number[] = [];
  project.openH();
  project.initH(0);
  do {
    times.push(project.runH());
    ids.forEach((id, i) => pressures.get(id)!.push(project.getNodeValue(i + 1, property)));
  } while (project.nextH() > 0);
  project.closeH();
  project.close();
  return { times, pressures };
}
