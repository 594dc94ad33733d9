// ai-proxy `config.model.options.<provider>` sub-records (ai-proxy.md 1.5).
import { bool, rec, str } from '../kong-schema/index.js';


export const providerOptionRecords = [
  rec('bedrock', [
    str('aws_region', {
      description:
        'If using AWS providers (Bedrock) you can override the `AWS_REGION` environment variable by setting this option.',
    }),
    str('aws_assume_role_arn', {
      description:
        'If using AWS providers (Bedrock) you can assume a different role after authentication with the current IAM context is successful.',
    }),
    str('aws_role_session_name', {
      description: 'If using AWS providers (Bedrock), set the identifier of the assumed role session.',
    }),
    str('aws_sts_endpoint_url', {
      description: 'If using AWS providers (Bedrock), override the STS endpoint URL when assuming a different role.',
    }),
    bool('embeddings_normalize', {
      default: false,
      description: 'If using AWS providers (Bedrock), set to true to normalize the embeddings. Default: false',
    }),
    str('performance_config_latency', {
      description:
        "Force the client's performance configuration 'latency' for all requests. Leave empty to let the consumer select the performance configuration.",
    }),
    str('video_output_s3_uri', {
      description:
        'S3 URI (s3://bucket/prefix) where Bedrock will store generated video files. Required for video generation.',
    }),
    str('batch_bucket_prefix', {
      description:
        'S3 URI prefix (s3://bucket/prefix/) where Bedrock will get input files from and store results to for native batch API.',
    }),
    str('batch_role_arn', {
      description: 'AWS role arn used for calling batch API. Try to get the value from request if ommited.',
    }),
  ] as const),
  rec('gemini', [
    str('api_endpoint', {
      description: 'If running Gemini on Vertex, specify the regional API endpoint (hostname only).',
    }),
    str('project_id', { description: 'If running Gemini on Vertex, specify the project ID.' }),
    str('location_id', { description: 'If running Gemini on Vertex, specify the location ID.' }),
    str('endpoint_id', { description: 'If running Gemini on Vertex Model Garden, specify the endpoint ID.' }),
  ] as const),
  rec('huggingface', [
    bool('use_cache', { description: 'Use the cache layer on the inference API' }),
    bool('wait_for_model', { description: 'Wait for the model if it is not ready' }),
  ] as const),
  rec('cohere', [
    str('embedding_input_type', {
      enum: ['classification', 'clustering', 'image', 'search_document', 'search_query'],
      default: 'classification',
      description:
        'The purpose of the input text to calculate embedding vectors. possible known values include one of ["classification", "clustering", "image", "search_document", "search_query"]; Default: "classification"',
    }),
    bool('wait_for_model', { description: 'Wait for the model if it is not ready' }),
  ] as const),
  rec('dashscope', [
    bool('international', {
      default: true,
      description:
        'Two Dashscope endpoints are available, and the international endpoint will be used when this is set to `true`.\nIt is recommended to set this to `true` when using international version of dashscope.\nDefault: true',
    }),
  ] as const),
  rec('databricks', [
    str('workspace_instance_id', {
      description: "Workspace Instance ID ('dbc-xxx-yyy') for Databricks model serving.",
    }),
  ] as const),
] as const;
