import { useEffect, useRef } from 'react';
import { useTranslation } from 'react-i18next';

const SHORTCUTS = [['j', 'next'], ['k', 'previous'], ['Enter', 'open'], ['x', 'select'], ['a', 'assign'], ['?', 'help']] as const;

export function ShortcutsDialog({ onClose }: { onClose(): void }) {
  const { t } = useTranslation();
  const dialog = useRef<HTMLDialogElement>(null);
  useEffect(() => {
    const element = dialog.current;
    element?.showModal();
    return () => element?.close();
  }, []);
  return (
    <dialog ref={dialog} className="card" aria-labelledby="shortcuts-title" onClose={onClose}>
      <h2 id="shortcuts-title">{t('shortcuts.title')}</h2>
      <dl className="shortcuts">
        {SHORTCUTS.map(([key, label]) => (
          <div key={key}>
            <dt><kbd>{key}</kbd></dt>
            <dd>{t(`shortcuts.${label}`)}</dd>
          </div>
        ))}
      </dl>
      <button type="button" onClick={onClose} autoFocus>{t('shortcuts.close')}</button>
    </dialog>
  );
}
