import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api, unwrap } from '../api/client';
import { useSession } from '../session';

export const AVAILABILITIES = ['online', 'away', 'offline'] as const;
export type Availability = (typeof AVAILABILITIES)[number];

/** Without a key press, click or pointer move for this long, an online agent shows as away until they are back. */
const IDLE_AFTER_MS = 10 * 60_000;
const ACTIVITY_EVENTS = ['pointerdown', 'pointermove', 'keydown', 'wheel', 'touchstart'] as const;

/** A coloured dot and the word: colour alone would not tell everyone. */
export function AvailabilityBadge({ availability }: { availability: Availability }) {
  const { t } = useTranslation();
  return (
    <span className={`availability availability-${availability}`} data-availability={availability}>
      <span className="availability-dot" aria-hidden="true" />
      {t(`availability.${availability}`)}
    </span>
  );
}

/**
 * The agent's own status in the top bar: online, away or offline, as others (and routing) see it while the app
 * is open. An online agent who leaves the keyboard becomes away after a while and online again when back.
 */
export function AvailabilityPicker() {
  const { t } = useTranslation();
  const { session } = useSession();
  const [chosen, setChosen] = useState<Availability>(session.user.chosenAvailability);
  const [isFailed, setFailed] = useState(false);
  const isAwayForIdle = useRef(false);
  const chosenNow = useRef(chosen);
  chosenNow.current = chosen;

  const choose = async (availability: Availability) => {
    const previous = chosenNow.current;
    setChosen(availability);
    try {
      await unwrap(api.PUT('/api/v1/account/availability', { body: { availability } }));
      setFailed(false);
    } catch {
      setChosen(previous);
      setFailed(true);
    }
  };

  useEffect(() => {
    let timer: ReturnType<typeof setTimeout> | undefined;
    const becomeIdle = () => {
      if (chosenNow.current !== 'online') return;
      isAwayForIdle.current = true;
      void choose('away');
    };
    const onActivity = () => {
      clearTimeout(timer);
      timer = setTimeout(becomeIdle, IDLE_AFTER_MS);
      if (isAwayForIdle.current) {
        isAwayForIdle.current = false;
        if (chosenNow.current === 'away') void choose('online');
      }
    };
    onActivity();
    for (const name of ACTIVITY_EVENTS) window.addEventListener(name, onActivity, { passive: true });
    return () => {
      clearTimeout(timer);
      for (const name of ACTIVITY_EVENTS) window.removeEventListener(name, onActivity);
    };
    // `choose` reads the latest state through refs; the listeners are set once.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, []);

  return (
    <label className="inline-field">
      <span className={`availability availability-${chosen}`}>
        <span className="availability-dot" aria-hidden="true" />
        {t('availability.label')}
      </span>
      <select
        value={chosen}
        onChange={(event) => {
          isAwayForIdle.current = false;
          void choose(event.target.value as Availability);
        }}
        data-testid="availability-picker"
        aria-invalid={isFailed || undefined}
        title={isFailed ? t('availability.failed') : undefined}
      >
        {AVAILABILITIES.map((availability) => (
          <option key={availability} value={availability}>
            {t(`availability.${availability}`)}
          </option>
        ))}
      </select>
    </label>
  );
}
