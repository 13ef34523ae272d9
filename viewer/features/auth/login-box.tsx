import { useState } from 'react';
import { useT } from '../../state/i18n.js';
import { useViewerState } from '../../state/store.js';
import { login, logout, useAuth } from './auth.state.js';
import { userName } from './user-name.js';

/** Top-bar account box: a login form, or the user's name and role with a logout button. */
export function LoginBox() {
  const t = useT();
  const { user } = useAuth();
  const language = useViewerState((s) => s.language);
  const [open, setOpen] = useState(false);
  const [username, setUsername] = useState('');
  const [password, setPassword] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  if (user) {
    return (
      <span className="account" data-testid="account" data-role={user.role}>
        <span className="who" title={userName(user, language)}>
          {userName(user, language)}
        </span>
        <span className="role-badge">{t(`role.${user.role}`)}</span>
        <button data-testid="logout" onClick={() => void logout()}>
          {t('auth.logout')}
        </button>
      </span>
    );
  }
  const submit = async (e: React.FormEvent) => {
    e.preventDefault();
    setBusy(true);
    setError(null);
    try {
      await login(username.trim(), password);
      setPassword('');
      setOpen(false);
    } catch (err) {
      setError(err instanceof Error ? err.message : String(err));
    } finally {
      setBusy(false);
    }
  };
  return (
    <span className="account">
      <button data-testid="login-open" onClick={() => setOpen(!open)}>
        {t('auth.login')}
      </button>
      {open && (
        <form className="login-form" onSubmit={(e) => void submit(e)} data-testid="login-form">
          <input
            name="username"
            autoComplete="username"
            placeholder={t('auth.username')}
            value={username}
            onChange={(e) => setUsername(e.target.value)}
            autoFocus
          />
          <input
            name="password"
            type="password"
            autoComplete="current-password"
            placeholder={t('auth.password')}
            value={password}
            onChange={(e) => setPassword(e.target.value)}
          />
          <button type="submit" className="primary" disabled={busy || !username || !password}>
            {t('auth.submit')}
          </button>
          {error && (
            <div className="form-error" role="alert">
              {error}
            </div>
          )}
        </form>
      )}
    </span>
  );
}
