package io.stepwise.engine.asl.validate;

import io.stepwise.engine.asl.Resource;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Which Task Resources AWS recognises: activities, Lambda functions, the optimized service
 * integrations with the patterns each supports, AWS SDK integrations, HTTP tasks and Stepwise's
 * approval task. What a recognised resource is (its kind and pattern) is the parsed model's {@link
 * Resource}: this class only adds the strict forms and the table of supported patterns.
 */
final class SupportedResources {
  private SupportedResources() {}

  private static final String PARTITION = "arn:(aws|aws-cn|aws-us-gov|aws-iso|aws-iso-b):";
  private static final Pattern ACTIVITY =
      Pattern.compile("^" + PARTITION + "states:[a-z0-9-]+:\\d{12}:activity:[^\\s:]+$");
  private static final Pattern LAMBDA =
      Pattern.compile(
          "^"
              + PARTITION
              + "lambda:[a-z0-9-]+:\\d{12}:function:[A-Za-z0-9_-]+(:[A-Za-z0-9_$-]+)?$");
  private static final Pattern SERVICE =
      Pattern.compile(
          "^"
              + PARTITION
              // A region and account may be given (arn:aws:states:us-east-1:123456789012:aws-sdk:
              // s3:getObject), as CloudFormation's !Sub
              // arn:${AWS::Partition}:states:${AWS::Region}:
              // ${AWS::AccountId}:... writes them, or left empty.
              + "states:(?:[a-z0-9-]*):(?:\\d{12})?:([a-z0-9-]+):([A-Za-z0-9:]+?)"
              + "(\\.sync(:2)?|\\.waitForTaskToken)?$");
  private static final Pattern SDK_ACTION = Pattern.compile("^[a-z0-9-]+:[a-z][A-Za-z0-9]*$");

  /** R = request-response, S = .sync, 2 = .sync:2, W = .waitForTaskToken. */
  private static final Map<String, String> OPTIMIZED =
      Map.ofEntries(
          Map.entry("lambda:invoke", "RW"),
          Map.entry("sqs:sendMessage", "RW"),
          Map.entry("sns:publish", "RW"),
          Map.entry("events:putEvents", "RW"),
          Map.entry("apigateway:invoke", "RW"),
          Map.entry("dynamodb:getItem", "R"),
          Map.entry("dynamodb:putItem", "R"),
          Map.entry("dynamodb:deleteItem", "R"),
          Map.entry("dynamodb:updateItem", "R"),
          Map.entry("states:startExecution", "RS2W"),
          Map.entry("ecs:runTask", "RSW"),
          Map.entry("batch:submitJob", "RS"),
          Map.entry("glue:startJobRun", "RS"),
          Map.entry("databrew:startJobRun", "RS"),
          Map.entry("mediaconvert:createJob", "RS"),
          Map.entry("athena:startQueryExecution", "RS"),
          Map.entry("athena:stopQueryExecution", "R"),
          Map.entry("athena:getQueryExecution", "R"),
          Map.entry("athena:getQueryResults", "R"),
          Map.entry("codebuild:startBuild", "RS"),
          Map.entry("codebuild:stopBuild", "R"),
          Map.entry("codebuild:batchDeleteBuilds", "R"),
          Map.entry("codebuild:batchGetReports", "R"),
          Map.entry("codebuild:startBuildBatch", "RS"),
          Map.entry("sagemaker:createTrainingJob", "RS"),
          Map.entry("sagemaker:createTransformJob", "RS"),
          Map.entry("sagemaker:createHyperParameterTuningJob", "RS"),
          Map.entry("sagemaker:createLabelingJob", "RS"),
          Map.entry("sagemaker:createProcessingJob", "RS"),
          Map.entry("sagemaker:createModel", "R"),
          Map.entry("sagemaker:createEndpointConfig", "R"),
          Map.entry("sagemaker:createEndpoint", "R"),
          Map.entry("sagemaker:updateEndpoint", "R"),
          Map.entry("elasticmapreduce:createCluster", "RS"),
          Map.entry("elasticmapreduce:terminateCluster", "RS"),
          Map.entry("elasticmapreduce:addStep", "RS"),
          Map.entry("elasticmapreduce:cancelStep", "R"),
          Map.entry("elasticmapreduce:setClusterTerminationProtection", "R"),
          Map.entry("elasticmapreduce:modifyInstanceFleetByName", "R"),
          Map.entry("elasticmapreduce:modifyInstanceGroupByName", "R"),
          Map.entry("emr-containers:startJobRun", "RS"),
          Map.entry("emr-containers:createVirtualCluster", "R"),
          Map.entry("emr-containers:deleteVirtualCluster", "RS"),
          Map.entry("emr-serverless:createApplication", "RS"),
          Map.entry("emr-serverless:startApplication", "RS"),
          Map.entry("emr-serverless:stopApplication", "RS"),
          Map.entry("emr-serverless:deleteApplication", "RS"),
          Map.entry("emr-serverless:startJobRun", "RS"),
          Map.entry("emr-serverless:cancelJobRun", "RS"),
          Map.entry("eks:createCluster", "RS"),
          Map.entry("eks:deleteCluster", "RS"),
          Map.entry("eks:createFargateProfile", "RS"),
          Map.entry("eks:deleteFargateProfile", "RS"),
          Map.entry("eks:createNodegroup", "RS"),
          Map.entry("eks:deleteNodegroup", "RS"),
          Map.entry("eks:runJob", "RS"),
          Map.entry("eks:call", "R"),
          Map.entry("bedrock:invokeModel", "R"),
          Map.entry("bedrock:createModelCustomizationJob", "RSW"),
          Map.entry("http:invoke", "R"),
          // Stepwise's own: a human approval, always a callback.
          Map.entry("stepwise:approval", "W"));

  /** The resource, classified, or null when AWS would not recognise it. */
  static Resource recognise(String text) {
    if (ACTIVITY.matcher(text).matches() || LAMBDA.matcher(text).matches()) {
      return Resource.of(text);
    }
    Matcher m = SERVICE.matcher(text);
    if (!m.matches()) {
      return null;
    }
    String service = m.group(2);
    String action = m.group(3);
    String suffix = m.group(4) == null ? "" : m.group(4);
    char code =
        switch (suffix) {
          case "" -> 'R';
          case ".sync" -> 'S';
          case ".sync:2" -> '2';
          default -> 'W';
        };
    boolean supported =
        service.equals("aws-sdk")
            // arn:aws:states:::aws-sdk:<service>:<action>: request-response or callback, never
            // .sync.
            ? SDK_ACTION.matcher(action).matches() && code != 'S' && code != '2'
            : OPTIMIZED.getOrDefault(service + ":" + action, "").indexOf(code) >= 0;
    return supported ? Resource.of(text) : null;
  }

  /** AWS names the resource with the partition blanked out in its message. */
  static String withoutPartition(String text) {
    return text.replaceFirst("^arn:[a-z-]+:", "arn:<partition>:");
  }
}
