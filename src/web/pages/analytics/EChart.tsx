import { useEffect, useRef } from 'react';
import { Button, Card, Empty, Flex, Tooltip } from 'antd';
import { DownloadOutlined, FileImageOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { BarChart, HeatmapChart, LineChart, PieChart, ScatterChart } from 'echarts/charts';
import { GridComponent, LegendComponent, MarkLineComponent, TooltipComponent, VisualMapComponent } from 'echarts/components';
import * as echarts from 'echarts/core';
import type { EChartsCoreOption } from 'echarts/core';
import { CanvasRenderer } from 'echarts/renderers';

echarts.use([BarChart, HeatmapChart, LineChart, PieChart, ScatterChart, GridComponent, LegendComponent, MarkLineComponent, TooltipComponent, VisualMapComponent, CanvasRenderer]);

/** Rows for the CSV export: the first is the header. */
export type CsvRows = Array<Array<string | number | null>>;

function csvCell(value: string | number | null) {
  const text = value === null ? '' : String(value);
  return /[",\n\r]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

function download(href: string, filename: string) {
  const link = document.createElement('a');
  link.href = href;
  link.download = filename;
  document.body.append(link);
  link.click();
  link.remove();
}

/** Excel opens UTF-8 CSV with Chinese correctly only after a byte-order mark. */
export function downloadCsv(rows: CsvRows, filename: string) {
  const text = `\uFEFF${rows.map((row) => row.map(csvCell).join(',')).join('\r\n')}\r\n`;
  const url = URL.createObjectURL(new Blob([text], { type: 'text/csv;charset=utf-8' }));
  download(url, filename);
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}

/** A chart card with PNG (echarts getDataURL) and CSV exports. */
export function EChart({ title, option, csv, name, height = 300, empty }: { title: string; option: EChartsCoreOption; csv: CsvRows; name: string; height?: number; empty?: boolean }) {
  const { t } = useTranslation();
  const element = useRef<HTMLDivElement>(null);
  const chart = useRef<echarts.ECharts | null>(null);

  useEffect(() => {
    if (!element.current || empty) return;
    const instance = echarts.init(element.current);
    chart.current = instance;
    const observer = new ResizeObserver(() => instance.resize());
    observer.observe(element.current);
    return () => {
      observer.disconnect();
      instance.dispose();
      chart.current = null;
    };
  }, [empty]);

  useEffect(() => {
    chart.current?.setOption(option, true);
  }, [option, empty]);

  const exportPng = () => {
    if (!chart.current) return;
    download(chart.current.getDataURL({ type: 'png', pixelRatio: 2, backgroundColor: '#fff' }), `${name}.png`);
  };

  return (
    <Card
      title={title}
      size="small"
      data-testid={`chart-${name}`}
      extra={
        <Flex gap={4}>
          <Tooltip title={t('analytics.exportPng')}>
            <Button size="small" icon={<FileImageOutlined />} aria-label={`${t('analytics.exportPng')} ${title}`} onClick={exportPng} disabled={empty} />
          </Tooltip>
          <Tooltip title={t('analytics.exportCsv')}>
            <Button size="small" icon={<DownloadOutlined />} aria-label={`${t('analytics.exportCsv')} ${title}`} onClick={() => downloadCsv(csv, `${name}.csv`)} disabled={empty} />
          </Tooltip>
        </Flex>
      }
    >
      {empty ? <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('analytics.noData')} /> : <div ref={element} style={{ width: '100%', height }} />}
    </Card>
  );
}
