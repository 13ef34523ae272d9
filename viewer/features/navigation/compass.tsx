import { useEffect, useRef } from 'react';
import { useEngine } from '../../engine/engine-context.js';
import { useT } from '../../state/i18n.js';

/** A compass needle that follows the camera heading (set on the DOM, no re-render per frame); click faces north. */
export function Compass() {
  const t = useT();
  const handle = useEngine();
  const needle = useRef<HTMLSpanElement>(null);
  useEffect(
    () =>
      handle?.engine.onCameraChanged((v) => {
        if (needle.current) needle.current.style.transform = `rotate(${-v.headingDeg}deg)`;
      }),
    [handle],
  );
  return (
    <div className="compass-box">
      <button
        className="compass"
        title={t('compass.reset')}
        aria-label={t('compass.reset')}
        onClick={() => handle?.engine.faceNorth()}
      >
        <span ref={needle} className="needle">
          ▲<small>N</small>
        </span>
      </button>
      <button className="home" title="Home" aria-label="Home" onClick={() => handle?.engine.resetView()}>
        ⌂
      </button>
    </div>
  );
}
