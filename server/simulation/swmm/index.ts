export { runSwmm, runSwmmInWorker, type SwmmRunFiles } from './swmm-engine.js';
export { gravityNetworkToSwmmInp, type SwmmExportOptions } from './gravity-to-inp.js';
export { readSwmmOutput, LINK_VAR, NODE_VAR, SWMM_FLOW_UNITS, type SwmmOutput } from './swmm-out-reader.js';
export { runSwmmModel, swmmPeaks, type SwmmLinkPeak, type SwmmNodePeak, type SwmmRunResult } from './swmm-results.js';
export { readReportTable, type SwmmReportRow } from './swmm-report.js';
export { simulateStormWithSwmm, type SwmmStormResult } from './swmm-storm.js';
