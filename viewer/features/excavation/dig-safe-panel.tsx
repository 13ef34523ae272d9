import { useEffect, useMemo, useRef, useState } from 'react';
import './excavation.css';
import type { DigPermitCreated, ExcavationCheck, ExcavationRequest } from '../../../core/contracts/excavation.js';
import { crossSection } from '../../../core/excavation/cross-section.js';
import type { LonLat, NetworkLink } from '../../../core/model/index.js';
import { EXCAVATION_ROLES, roleMay } from '../../../core/model/user.schema.js';
import { useEngine } from '../../engine/engine-context.js';
import { localName, useT } from '../../state/i18n.js';
import { useCrewDirectory } from '../../data/crew-directory.js';
import { useViewerState, viewerStore } from '../../state/store.js';
import { useAuth } from '../auth/auth.state.js';
import { kindWords, useLang } from '../inspector/inspector-words.js';
import { DigHole } from './dig-hole.js';
import { checkDig, savePermit } from './excavation-api.js';
import { SectionView } from './section-view.js';

type Shape = 'trench' | 'polygon';

/**
 * Dig-safe: a crew or planner draws a trench (a line on the ground and a width) or a pit, gives its depth, and sees
 * every buried element within reach with its owner, the hole cut in the scene, the section along the trench, and
 * saves it as a permit that sends a coordination task to each utility's crew.
 */
export function DigSafePanel() {
  const t = useT();
  const lang = useLang();
  // Crews by id, for their names in the reader's language (the check answers the name of record).
  const crews = useCrewDirectory();
  const crewName = (id: string | null | undefined, recorded: string | null | undefined) =>
    (id ? localName(crews.get(id), lang) : undefined) ?? recorded ?? undefined;
  const handle = useEngine();
  const auth = useAuth();
  const tool = useViewerState((s) => s.tool);
  const [open, setOpen] = useState(false);
  const [shape, setShape] = useState<Shape>('trench');
  const [points, setPoints] = useState<LonLat[]>([]);
  const [widthM, setWidthM] = useState(1.2);
  const [depthM, setDepthM] = useState(5);
  const [check, setCheck] = useState<ExcavationCheck | null>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [title, setTitle] = useState('');
  const [start, setStart] = useState('');
  const [end, setEnd] = useState('');
  const [saved, setSaved] = useState<DigPermitCreated | null>(null);
  const hole = useRef<DigHole | null>(null);

  useEffect(() => {
    if (!handle) return;
    const h = new DigHole(handle.engine.sceneForOverlays);
    hole.current = h;
    return () => {
      h.clear();
      hole.current = null;
    };
  }, [handle]);
  useEffect(
    () =>
      handle?.engine.onMeasure((m) => {
        if (!open || !m?.positions) return;
        if ((shape === 'trench' && m.tool === 'distance') || (shape === 'polygon' && m.tool === 'area'))
          setPoints(m.positions as LonLat[]);
      }),
    [handle, open, shape],
  );

  const section = useMemo(() => {
    if (!handle || !check) return null;
    const line = shape === 'trench' ? points : points.slice(0, 2);
    const links = check.items
      .filter((i) => i.element === 'link')
      .map((i) => handle.data.linkById.get(i.id))
      .filter((l): l is NetworkLink => l !== undefined);
    return crossSection(line, links, handle.data.nodeById, handle.data.city.groundElevationM);
  }, [handle, check, points, shape]);

  if (!handle || !roleMay(EXCAVATION_ROLES, auth.user?.role)) {
    return open ? <aside className="dig-panel">{t('dig.loginHint')}</aside> : null;
  }
  const draw = (s: Shape) => {
    setShape(s);
    setPoints([]);
    setCheck(null);
    setSaved(null);
    hole.current?.clear();
    viewerStore.set({ tool: s === 'trench' ? 'distance' : 'area' });
  };
  const request = (): ExcavationRequest | null => {
    if (shape === 'trench' && points.length >= 2)
      return { line: { type: 'LineString', coordinates: points }, widthM, depthM };
    if (shape === 'polygon' && points.length >= 3)
      return { polygon: { type: 'Polygon', coordinates: [[...points, points[0]!]] }, depthM };
    return null;
  };
  const runCheck = async () => {
    const body = request();
    if (!body) return;
    setBusy(true);
    setError(null);
    try {
      const c = await checkDig(body);
      setCheck(c);
      setSaved(null);
      hole.current?.show(c.outline, c.depthM);
      viewerStore.set({ tool: 'none' });
    } catch (err) {
      setError(t('dig.error', { error: err instanceof Error ? err.message : String(err) }));
    } finally {
      setBusy(false);
    }
  };
  const save = async () => {
    const body = request();
    if (!body || !title.trim()) return;
    setBusy(true);
    try {
      setSaved(
        await savePermit({
          ...body,
          title: title.trim(),
          ...(start ? { plannedStart: start } : {}),
          ...(end ? { plannedEnd: end } : {}),
        }),
      );
    } catch (err) {
      setError(t('dig.error', { error: err instanceof Error ? err.message : String(err) }));
    } finally {
      setBusy(false);
    }
  };
  const clear = () => {
    setPoints([]);
    setCheck(null);
    setSaved(null);
    hole.current?.clear();
    viewerStore.set({ tool: 'none' });
  };
  const cellName = (id: string | null) => {
    const c = id === null ? undefined : handle.data.cellById.get(id);
    return c ? (lang === 'en' && c.nameEn ? c.nameEn : c.name) : '—';
  };
  const drawing = tool === 'distance' || tool === 'area';

  if (!open)
    return (
      <button className="dig-open" data-testid="dig-open" onClick={() => setOpen(true)}>
        {t('dig.open')}
      </button>
    );
  return (
    <aside className="dig-panel" data-testid="dig-panel" aria-label={t('dig.title')}>
      <div className="dig-head">
        <strong>{t('dig.title')}</strong>
        <button aria-label="close" onClick={() => (clear(), setOpen(false))}>
          ×
        </button>
      </div>
      <div className="dig-row">
        <button
          className={shape === 'trench' && drawing ? 'active' : ''}
          data-testid="dig-trench"
          onClick={() => draw('trench')}
        >
          {t('dig.trench')}
        </button>
        <button
          className={shape === 'polygon' && drawing ? 'active' : ''}
          data-testid="dig-polygon"
          onClick={() => draw('polygon')}
        >
          {t('dig.polygon')}
        </button>
      </div>
      {drawing && <p className="muted">{t(shape === 'trench' ? 'dig.hint.trench' : 'dig.hint.polygon')}</p>}
      <div className="dig-form">
        {shape === 'trench' && (
          <label>
            {t('dig.width')}
            <input
              type="number"
              min={0.1}
              max={20}
              step={0.1}
              value={widthM}
              data-testid="dig-width"
              onChange={(e) => setWidthM(Number(e.target.value))}
            />
          </label>
        )}
        <label>
          {t('dig.depth')}
          <input
            type="number"
            min={0.1}
            max={30}
            step={0.1}
            value={depthM}
            data-testid="dig-depth"
            onChange={(e) => setDepthM(Number(e.target.value))}
          />
        </label>
      </div>
      <div className="dig-row">
        <button data-testid="dig-check" disabled={busy || request() === null} onClick={() => void runCheck()}>
          {busy ? t('dig.checking') : t('dig.check')}
        </button>
        <button onClick={clear}>{t('dig.clear')}</button>
      </div>
      {error && (
        <p className="error" role="alert">
          {error}
        </p>
      )}
      {check && (
        <>
          <p data-testid="dig-count">
            {check.items.length === 0
              ? t('dig.none')
              : t('dig.count', { n: check.items.length, u: check.utilities.length, ms: check.elapsedMs.toFixed(0) })}
          </p>
          {check.items.length > 0 && (
            <div className="dig-table-wrap">
              <table className="dig-table" data-testid="dig-list">
                <thead>
                  <tr>
                    <th>{t('dig.col.utility')}</th>
                    <th>
                      {t('dig.col.distance')}
                      <div className="sub">{t('dig.col.cover')}</div>
                    </th>
                    <th>{t('dig.col.clearance')}</th>
                    <th>{t('dig.col.conflict')}</th>
                    <th>
                      {t('dig.col.owner')}
                      <div className="sub">{t('dig.col.cell')}</div>
                    </th>
                  </tr>
                </thead>
                <tbody>
                  {check.items.map((i) => (
                    <tr key={i.id} className={`conflict-${i.conflict}`}>
                      <td data-label={t('dig.col.utility')}>
                        <span className="dig-swatch" data-utility={i.utility} />
                        {t(`utility.${i.utility}`)}
                        <div className="sub">
                          {kindWords(lang, i.element === 'link' ? 'linkKind' : 'nodeKind', i.kind)}
                        </div>
                      </td>
                      <td data-label={t('dig.col.distance')}>
                        {i.horizontalDistanceM.toFixed(2)} m<div className="sub">{i.coverDepthM.toFixed(2)} m</div>
                      </td>
                      <td data-label={t('dig.col.clearance')}>
                        {i.clearanceM.horizontal.toFixed(1)} / {i.clearanceM.vertical.toFixed(1)} m
                      </td>
                      <td data-label={t('dig.col.conflict')}>{t(`dig.conflict.${i.conflict}`)}</td>
                      <td data-label={t('dig.col.owner')}>
                        {crewName(i.crew?.id, i.crew?.name) ?? t('dig.noCrew')}
                        <div className="sub">{cellName(i.gridId)}</div>
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          )}
          {section && (
            <>
              <h4>{t('dig.section')}</h4>
              <SectionView section={section} depthM={check.depthM} />
            </>
          )}
          <div className="dig-form">
            <label className="wide">
              {t('dig.permitTitle')}
              <input value={title} data-testid="dig-title" onChange={(e) => setTitle(e.target.value)} />
            </label>
            <label>
              {t('dig.start')}
              <input type="date" value={start} onChange={(e) => setStart(e.target.value)} />
            </label>
            <label>
              {t('dig.end')}
              <input type="date" value={end} onChange={(e) => setEnd(e.target.value)} />
            </label>
          </div>
          <button
            className="dig-save"
            data-testid="dig-save"
            disabled={busy || !title.trim()}
            onClick={() => void save()}
          >
            {t('dig.save')}
          </button>
          {saved && (
            <p className="dig-saved" data-testid="dig-saved">
              {t('dig.saved', {
                n: saved.tasks.length,
                crews:
                  saved.permit.excavation?.tasks
                    .map((x) => crewName(x.crewId, x.crewName) ?? t(`utility.${x.utility}`))
                    .join(lang === 'zh' ? '、' : ', ') ?? '',
              })}
            </p>
          )}
        </>
      )}
    </aside>
  );
}
