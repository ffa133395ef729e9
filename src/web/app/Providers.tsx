import type { ReactNode } from 'react';
import { QueryClientProvider } from '@tanstack/react-query';
import { App as AntApp, ConfigProvider, type ConfigProviderProps } from 'antd';
import * as enUSModule from 'antd/locale/en_US.js';
import * as zhCNModule from 'antd/locale/zh_CN.js';
import { useTranslation } from 'react-i18next';
import { queryClient } from './queryClient.ts';

type AntLocale = NonNullable<ConfigProviderProps['locale']>;

/** antd's locale files are CommonJS; unwrap whatever default-export nesting the bundler's interop produced. */
function unwrapLocale(mod: unknown): AntLocale {
  let value = mod as Record<string, unknown>;
  while (value && !('locale' in value) && 'default' in value) value = value.default as Record<string, unknown>;
  return value as unknown as AntLocale;
}

const enUS = unwrapLocale(enUSModule);
const zhCN = unwrapLocale(zhCNModule);

export function Providers({ children }: { children: ReactNode }) {
  const { i18n } = useTranslation();
  const locale = i18n.language === 'en' ? enUS : zhCN;
  return (
    <QueryClientProvider client={queryClient}>
      <ConfigProvider
        locale={locale}
        theme={{ token: { colorPrimary: '#1677ff', borderRadius: 6 } }}
        // Keep button labels exactly as written ("保存", not "保 存").
        button={{ autoInsertSpace: false }}
      >
        <AntApp>{children}</AntApp>
      </ConfigProvider>
    </QueryClientProvider>
  );
}
