import i18next from 'i18next';
import { initReactI18next } from 'react-i18next';
import adminEn from './admin.en.json';
import adminFrCA from './admin.fr-CA.json';
import communityEn from './community.en.json';
import communityFrCA from './community.fr-CA.json';
import en from './en.json';
import frCA from './fr-CA.json';

/** Each screen area may keep its strings in its own pair of files, mounted under its name (`admin.*`). */
export const catalogues = {
  en: { ...en, admin: adminEn, community: communityEn },
  'fr-CA': { ...frCA, admin: adminFrCA, community: communityFrCA },
};

/** The interface languages: English, and French as written in Québec. Staff profiles store `en` or `fr`. */
export const UI_LANGUAGES = { en: 'en', fr: 'fr-CA' } as const;
export type ProfileLanguage = keyof typeof UI_LANGUAGES;

export function uiLanguageOf(profileLanguage: string | undefined): string {
  return profileLanguage === 'fr' ? UI_LANGUAGES.fr : UI_LANGUAGES.en;
}

export function profileLanguageOf(uiLanguage: string): ProfileLanguage {
  return uiLanguage.startsWith('fr') ? 'fr' : 'en';
}

const stored = localStorage.getItem('switchboard.language');
const initial = stored ?? (navigator.language.toLowerCase().startsWith('fr') ? UI_LANGUAGES.fr : UI_LANGUAGES.en);

void i18next.use(initReactI18next).init({
  resources: { en: { translation: catalogues.en }, 'fr-CA': { translation: catalogues['fr-CA'] } },
  lng: initial,
  fallbackLng: false,
  interpolation: { escapeValue: false },
  returnNull: false,
});

i18next.on('languageChanged', (language) => {
  document.documentElement.lang = language;
  localStorage.setItem('switchboard.language', language);
});
document.documentElement.lang = initial;

export default i18next;
