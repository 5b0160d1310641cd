// Alert rules on Application Insights (traces and metrics the server sends through
// @azure/monitor-opentelemetry) and the action group that e-mails the operators.
// What each alert means and what to do: docs/operations.md (運用・監視).

@description('Prefix of the alert and action group names.')
param namePrefix string

@description('Azure region of the alert rules.')
param location string

@description('Resource id of the Application Insights component the rules query.')
param insightsId string

@description('E-mail address that receives the alerts; empty: the action group has no receiver.')
param alertEmail string

@description('Graph throttled answers (429/503/504) in 15 minutes that raise the throttling alert.')
param graphThrottleThreshold int

@description('Tags for every resource.')
param tags object

resource operators 'Microsoft.Insights/actionGroups@2023-01-01' = {
  name: '${namePrefix}-operators'
  location: 'global'
  tags: tags
  properties: {
    groupShortName: 'renkei-ops'
    enabled: true
    emailReceivers: empty(alertEmail) ? [] : [
      {
        name: 'operators'
        emailAddress: alertEmail
        useCommonAlertSchema: true
      }
    ]
  }
}

var rules = [
  {
    name: 'outbox-dead'
    displayName: '送信できなかったメッセージ (dead outbox messages)'
    severity: 2
    query: 'customMetrics | where name == "renkei.outbox.dead" | summarize dead = sum(valueSum)'
    metric: 'dead'
    threshold: 0
  }
  {
    name: 'health-degraded'
    displayName: 'ヘルスチェック低下 (health degraded or down)'
    severity: 1
    query: 'customMetrics | where name == "renkei.health.status" | summarize worst = max(valueMax)'
    metric: 'worst'
    threshold: 0
  }
  {
    name: 'http-5xx'
    displayName: 'サーバーエラー率 (5xx rate above 5%)'
    severity: 1
    query: 'requests | summarize total = count(), failed = countif(toint(resultCode) >= 500) | where total >= 20 | extend failedPercent = 100.0 * failed / total'
    metric: 'failedPercent'
    threshold: 5
  }
  {
    name: 'graph-throttling'
    displayName: 'Graph のスロットリング (Graph throttling)'
    severity: 3
    query: 'customMetrics | where name == "renkei.graph.throttled" | summarize throttled = sum(valueSum)'
    metric: 'throttled'
    threshold: graphThrottleThreshold
  }
]

resource alerts 'Microsoft.Insights/scheduledQueryRules@2023-03-15-preview' = [for rule in rules: {
  name: '${namePrefix}-${rule.name}'
  location: location
  tags: tags
  properties: {
    displayName: rule.displayName
    description: 'docs/operations.md: ${rule.name}'
    severity: rule.severity
    enabled: true
    scopes: [
      insightsId
    ]
    evaluationFrequency: 'PT5M'
    windowSize: 'PT15M'
    criteria: {
      allOf: [
        {
          query: rule.query
          timeAggregation: 'Maximum'
          metricMeasureColumn: rule.metric
          operator: 'GreaterThan'
          threshold: rule.threshold
          failingPeriods: {
            numberOfEvaluationPeriods: 1
            minFailingPeriodsToAlert: 1
          }
        }
      ]
    }
    autoMitigate: true
    actions: {
      actionGroups: [
        operators.id
      ]
    }
  }
}]

output actionGroupId string = operators.id
output alertNames array = [for (rule, i) in rules: alerts[i].name]
