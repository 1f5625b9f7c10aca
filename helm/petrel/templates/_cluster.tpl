{{/*
Refuses values that cannot work. Without cluster mode each pod is a broker of its own: more than one
behind the Service (replicaCount or an autoscaler) would split clients, sessions and subscriptions
between brokers that never see each other's messages. With it, the broker needs exactly one way to
reach Redis.
*/}}
{{- define "petrel.checkCluster" -}}
{{- $redis := .Values.cluster.redis -}}
{{- if not .Values.cluster.enabled -}}
{{- if .Values.autoscaling.enabled -}}
{{- fail "autoscaling.enabled needs cluster.enabled=true and cluster.redis.*: without cluster mode each pod is a separate broker, and clients on different pods would not receive each other's messages" -}}
{{- end -}}
{{- if gt (int .Values.replicaCount) 1 -}}
{{- fail (printf "replicaCount %d needs cluster.enabled=true and cluster.redis.*: without cluster mode each pod is a separate broker, and clients on different pods would not receive each other's messages" (int .Values.replicaCount)) -}}
{{- end -}}
{{- else -}}
{{- $ways := list -}}
{{- if $redis.host -}}{{- $ways = append $ways "cluster.redis.host" -}}{{- end -}}
{{- if or $redis.sentinel.master $redis.sentinel.nodes -}}{{- $ways = append $ways "cluster.redis.sentinel" -}}{{- end -}}
{{- if $redis.clusterNodes -}}{{- $ways = append $ways "cluster.redis.clusterNodes" -}}{{- end -}}
{{- if eq (len $ways) 0 -}}
{{- fail "cluster.enabled needs a Redis: set cluster.redis.host, cluster.redis.sentinel.master and .nodes, or cluster.redis.clusterNodes" -}}
{{- end -}}
{{- if gt (len $ways) 1 -}}
{{- fail (printf "cluster.redis: set only one of host, sentinel or clusterNodes, not %s" (join " and " $ways)) -}}
{{- end -}}
{{- if and (or $redis.sentinel.master $redis.sentinel.nodes) (not (and $redis.sentinel.master $redis.sentinel.nodes)) -}}
{{- fail "cluster.redis.sentinel needs both master (the monitored master's name) and nodes (the sentinels, host:port)" -}}
{{- end -}}
{{- if and $redis.clusterNodes (ne (int $redis.database) 0) -}}
{{- fail (printf "cluster.redis.database %d with cluster.redis.clusterNodes: Redis Cluster has database 0 only" (int $redis.database)) -}}
{{- end -}}
{{- end -}}
{{- end -}}

{{/*
The broker's cluster settings as environment variables (a list of EnvVar, for cluster.enabled). The
REDIS_* names are the ones application.yml maps onto spring.data.redis.*; sentinel and Redis Cluster
go straight to Spring Boot's own names. The password comes from the user's Secret through a
secretKeyRef, so it is never written into the pod spec.
*/}}
{{- define "petrel.clusterEnv" -}}
{{- $redis := .Values.cluster.redis -}}
- name: MQTT_CLUSTER_ENABLED
  value: "true"
# The pod's name: unique among the running pods, and the same after a restart with a StatefulSet.
- name: MQTT_CLUSTER_NODE_ID
  valueFrom:
    fieldRef:
      fieldPath: metadata.name
{{- with $redis.host }}
- name: REDIS_HOST
  value: {{ . | quote }}
- name: REDIS_PORT
  value: {{ int $redis.port | quote }}
{{- end }}
- name: REDIS_DB
  value: {{ int $redis.database | quote }}
{{- with $redis.username }}
- name: REDIS_USERNAME
  value: {{ . | quote }}
{{- end }}
{{- with $redis.existingSecret }}
- name: REDIS_PASSWORD
  valueFrom:
    secretKeyRef:
      name: {{ . }}
      key: {{ $redis.passwordKey }}
{{- end }}
{{- with $redis.sentinel.master }}
- name: SPRING_DATA_REDIS_SENTINEL_MASTER
  value: {{ . | quote }}
- name: SPRING_DATA_REDIS_SENTINEL_NODES
  value: {{ join "," $redis.sentinel.nodes | quote }}
{{- end }}
{{- with $redis.clusterNodes }}
- name: SPRING_DATA_REDIS_CLUSTER_NODES
  value: {{ join "," . | quote }}
{{- end }}
{{- end -}}
