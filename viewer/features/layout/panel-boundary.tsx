import { Component, type ErrorInfo, type ReactNode } from 'react';
import { translate } from '../../state/i18n.js';
import { viewerStore } from '../../state/store.js';

interface PanelBoundaryProps {
  /** What the panel is, in the user's words (already translated): shown in the error box. */
  name: string;
  children: ReactNode;
}

interface PanelBoundaryState {
  error: Error | null;
}

/**
 * A React error boundary around one panel: when the panel throws while rendering (or in an effect), only that panel is
 * replaced by a small box naming it and the error, with a retry; the 3D scene and the other panels keep running.
 * Without it one panel's exception unmounts the whole app (a blank page until reload).
 */
export class PanelBoundary extends Component<PanelBoundaryProps, PanelBoundaryState> {
  override state: PanelBoundaryState = { error: null };

  static getDerivedStateFromError(error: unknown): PanelBoundaryState {
    return { error: error instanceof Error ? error : new Error(String(error)) };
  }

  override componentDidCatch(error: Error, info: ErrorInfo): void {
    // Kept in the console for whoever reports the problem: the component stack says which part failed.
    console.error(`panel "${this.props.name}" failed:`, error, info.componentStack);
  }

  override render(): ReactNode {
    const { error } = this.state;
    if (!error) return this.props.children;
    // A class component cannot use the useT hook; the store holds the language.
    const language = viewerStore.get().language;
    return (
      <div className="panel-error" role="alert" data-testid="panel-error" data-panel={this.props.name}>
        <strong>{translate(language, 'panel.failed', { panel: this.props.name })}</strong>
        <code>{error.message}</code>
        <button onClick={() => this.setState({ error: null })}>{translate(language, 'panel.retry')}</button>
      </div>
    );
  }
}
