import type { NetworkLink, NetworkNode } from '../../../core/model/index.js';
import { linkNeighbours, isolatingValves, nodeNeighbours } from '../../data/network-topology.js';
import { useEngine } from '../../engine/engine-context.js';
import { useT } from '../../state/i18n.js';
import { viewerStore } from '../../state/store.js';
import { ElementList, Fields, GridCard } from './inspector-parts.js';
import { attributeRows, kindWords, roadName, useLang, valueWords } from './inspector-words.js';
import { linkLabel, nodeLabel } from './element-name.js';

const m = (v: number) => `${v.toFixed(2)} m`;

/** Attributes, depth, neighbours and isolating valves of a pipe (link). */
export function LinkDetails({ link }: { link: NetworkLink }) {
  const t = useT();
  const data = useEngine()!.data;
  const from = data.nodeById.get(link.fromNodeId);
  const to = data.nodeById.get(link.toNodeId);
  const ground = from?.groundM ?? data.city.groundElevationM;
  // Depth of cover: from the ground to the pipe's top, at the shallower end.
  const cover = Math.min(ground - link.fromInvertM, (to?.groundM ?? ground) - link.toInvertM) - link.diameterMm / 1000;
  const n = linkNeighbours(data, link);
  const valves = isolatingValves(data, link);
  const lang = useLang();
  const label = (l: NetworkLink) => linkLabel(lang, l);
  return (
    <>
      <Fields
        rows={[
          ['id', t('field.id'), link.id],
          ['utility', t('field.utility'), t(`utility.${link.utility}`)],
          ['kind', t('field.kind'), kindWords(lang, 'linkKind', link.kind)],
          ['name', t('field.name'), link.name],
          ['road', t('field.road'), roadName(lang, link.attributes)],
          ['diameter', t('field.diameter'), `DN${link.diameterMm} mm`],
          ['material', t('field.material'), link.material ? valueWords(lang, link.material) : undefined],
          ['installYear', t('field.installYear'), link.installYear],
          ['length', t('field.length'), m(link.lengthM)],
          ['depth', t('field.depth'), m(cover)],
          ['invert', t('field.invert'), `${link.fromInvertM.toFixed(2)} → ${link.toInvertM.toFixed(2)} m`],
          ['from', t('field.from'), from ? nodeLabel(lang, from, data) : link.fromNodeId],
          ['to', t('field.to'), to ? nodeLabel(lang, to, data) : link.toNodeId],
          ...attributeRows(lang, link.attributes),
        ]}
      />
      <GridCard gridId={link.gridId} />
      <h3 className="section">{t('network.connected')}</h3>
      <ElementList
        title={t('network.upstream')}
        items={n.upstream.map((l) => ({ selection: { type: 'link', id: l.id }, label: label(l) }))}
      />
      <ElementList
        title={t('network.downstream')}
        items={n.downstream.map((l) => ({ selection: { type: 'link', id: l.id }, label: label(l) }))}
      />
      <ElementList
        title={t('network.isolating')}
        items={valves.map((v) => ({ selection: { type: 'node', id: v.id }, label: nodeLabel(lang, v, data) }))}
      />
      <ElementList
        title={t('network.sensors')}
        items={(data.sensorsByMount.get(link.id) ?? []).map((s) => ({
          selection: { type: 'sensor', id: s.id },
          label: s.name ?? s.id,
        }))}
      />
    </>
  );
}

/** Kinds with a chamber worth a cutaway in the facility view. */
export const FACILITY_KINDS = new Set(['manhole', 'valve', 'pump', 'chamber', 'regulator', 'inlet', 'outfall']);

/** Attributes, depth and connected links of a network node. */
export function NodeDetails({ node }: { node: NetworkNode }) {
  const t = useT();
  const data = useEngine()!.data;
  const n = nodeNeighbours(data, node.id);
  const lang = useLang();
  const label = (l: NetworkLink) => linkLabel(lang, l);
  return (
    <>
      <Fields
        rows={[
          ['id', t('field.id'), node.id],
          ['utility', t('field.utility'), t(`utility.${node.utility}`)],
          [
            'kind',
            t('field.kind'),
            kindWords(lang, 'nodeKind', node.kind) +
              (node.normallyOpen === false ? ` (${t('nodeKind.normallyClosed')})` : ''),
          ],
          ['name', t('field.name'), node.name],
          ['road', t('field.road'), roadName(lang, node.attributes)],
          ['ground', t('field.ground'), m(node.groundM)],
          ['invert', t('field.invert'), m(node.invertM)],
          ['depth', t('field.depth'), m(node.groundM - node.invertM)],
          ...attributeRows(lang, node.attributes),
        ]}
      />
      {FACILITY_KINDS.has(node.kind) && (
        <button
          className="primary"
          data-testid="open-facility"
          onClick={() => viewerStore.set({ facilityNodeId: node.id })}
        >
          {t('facility.open')}
        </button>
      )}
      <GridCard gridId={node.gridId} />
      <h3 className="section">{t('network.connected')}</h3>
      <ElementList
        title={t('network.upstream')}
        items={n.upstream.map((l) => ({ selection: { type: 'link', id: l.id }, label: label(l) }))}
      />
      <ElementList
        title={t('network.downstream')}
        items={n.downstream.map((l) => ({ selection: { type: 'link', id: l.id }, label: label(l) }))}
      />
      <ElementList
        title={t('network.sensors')}
        items={(data.sensorsByMount.get(node.id) ?? []).map((s) => ({
          selection: { type: 'sensor', id: s.id },
          label: s.name ?? s.id,
        }))}
      />
    </>
  );
}
