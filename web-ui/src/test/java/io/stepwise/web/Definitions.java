package io.stepwise.web;

/** Definitions the page and browser tests use. */
public final class Definitions {
  private Definitions() {}

  /** Prepare (Pass) → Approve (an activity that waits for the test) → Done. */
  public static final String ACTIVITY =
      """
      {"Comment": "waits for an activity", "StartAt": "Prepare", "States": {
        "Prepare": {"Type": "Pass", "Result": {"ready": true}, "ResultPath": "$.prep", "Next": "Approve"},
        "Approve": {"Type": "Task", "Resource": "arn:aws:states:us-east-1:123456789012:activity:approve",
                    "Next": "Done"},
        "Done": {"Type": "Pass", "End": true}}}
      """;

  /** A Map over the input's items, each iteration a Pass: long histories. */
  public static final String MAP =
      """
      {"StartAt": "Each", "States": {
        "Each": {"Type": "Map", "ItemsPath": "$.items", "End": true,
                 "ItemProcessor": {"StartAt": "Item", "States": {"Item": {"Type": "Pass", "End": true}}}}}}
      """;

  /** Assign, then a Choice on the input and a variable: Big or Small, each labelling the input. */
  public static final String CHOICE =
      """
      {"StartAt": "Init", "States": {
        "Init": {"Type": "Pass", "Assign": {"limitVar": 10}, "Next": "Route"},
        "Route": {"Type": "Choice", "Default": "Small", "Choices": [
          {"And": [{"Variable": "$.n", "NumericGreaterThanPath": "$.cap"},
                   {"Variable": "$limitVar", "NumericLessThan": 100}], "Next": "Big"}]},
        "Big": {"Type": "Pass", "Result": "big", "ResultPath": "$.size", "End": true},
        "Small": {"Type": "Pass", "Result": "small", "ResultPath": "$.size", "End": true}}}
      """;
}
