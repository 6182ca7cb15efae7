import i18n from 'i18next';
import { initReactI18next, useTranslation } from 'react-i18next';
import dayjs from 'dayjs';
import 'dayjs/locale/zh-cn';
import { zh } from './zh';
import { en } from './en';

export type Lang = 'zh' | 'en';
const STORAGE_KEY = 'minsheng.lang';

function storedLang(): Lang {
  try {
    return localStorage.getItem(STORAGE_KEY) === 'en' ? 'en' : 'zh';
  } catch {
    return 'zh';
  }
}

function applyLang(lang: Lang) {
  dayjs.locale(lang === 'zh' ? 'zh-cn' : 'en');
  document.documentElement.lang = lang === 'zh' ? 'zh-CN' : 'en';
  document.title = (lang === 'zh' ? zh : en).app.fullName;
}

const initial = storedLang();
applyLang(initial);

void i18n.use(initReactI18next).init({
  resources: { zh: { translation: zh }, en: { translation: en } },
  lng: initial,
  fallbackLng: 'zh',
  initAsync: false,
  interpolation: { escapeValue: false },
  returnNull: false,
});

export async function setLang(lang: Lang) {
  try {
    localStorage.setItem(STORAGE_KEY, lang);
  } catch {
    // Private mode: the choice lasts for this page only.
  }
  applyLang(lang);
  await i18n.changeLanguage(lang);
}

/** The current language, narrowed to the two we ship. */
export function useLang(): Lang {
  const { i18n: instance } = useTranslation();
  return instance.language?.startsWith('en') ? 'en' : 'zh';
}

export default i18n;
