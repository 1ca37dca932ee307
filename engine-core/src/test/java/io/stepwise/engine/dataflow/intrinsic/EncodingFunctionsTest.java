package io.stepwise.engine.dataflow.intrinsic;

import static io.stepwise.engine.dataflow.intrinsic.Intrinsics.assertFails;
import static io.stepwise.engine.dataflow.intrinsic.Intrinsics.assertFailsOn;
import static io.stepwise.engine.dataflow.intrinsic.Intrinsics.assertJson;
import static io.stepwise.engine.dataflow.intrinsic.Intrinsics.eval;

import org.junit.jupiter.api.Test;

class EncodingFunctionsTest {

  @Test
  void base64EncodeEncodesUtf8() {
    assertJson(eval("States.Base64Encode('Data to encode')"), "\"RGF0YSB0byBlbmNvZGU=\"");
    assertJson(eval("States.Base64Encode('é')"), "\"w6k=\"");
    assertJson(eval("States.Base64Encode('')"), "\"\"");
  }

  @Test
  void base64DecodeDecodesToUtf8() {
    assertJson(eval("States.Base64Decode('RGF0YSB0byBlbmNvZGU=')"), "\"Data to encode\"");
    assertJson(eval("States.Base64Decode('w6k=')"), "\"é\"");
  }

  @Test
  void base64DecodeFailsOnInvalidInput() {
    assertFails("States.Base64Decode('not base64!')", "States.Base64Decode", "not valid Base64");
  }

  @Test
  void base64FunctionsAcceptTenThousandCharactersButNoMore() {
    String limit =
        "{\"ok\": \"" + "a".repeat(10_000) + "\", \"long\": \"" + "a".repeat(10_001) + "\"}";
    eval("States.Base64Encode($.ok)", limit);
    assertFailsOn(
        "States.Base64Encode($.long)",
        limit,
        "States.Base64Encode",
        "10001 characters",
        "at most 10000");
    assertFailsOn("States.Base64Decode($.long)", limit, "States.Base64Decode", "at most 10000");
  }

  @Test
  void base64FunctionsFailOnNonStrings() {
    assertFails("States.Base64Encode(1)", "argument 1 must be a string but was a number");
    assertFails("States.Base64Decode(null)", "argument 1 must be a string but was null");
  }

  @Test
  void hashGivesLowerCaseHexForEachAlgorithm() {
    // intrinsics/hash_0 to hash_4
    assertJson(eval("States.Hash('input data', 'MD5')"), "\"812f45842bc6d66ee14572ce20db8e86\"");
    assertJson(
        eval("States.Hash('input data', 'SHA-1')"), "\"aaff4a450a104cd177d28d18d74485e8cae074b7\"");
    assertJson(
        eval("States.Hash('input data', 'SHA-256')"),
        "\"b4a697a057313163aee33cd8d40c66e9f0f177e00cac2de32475ffff6169c3e3\"");
    eval("States.Hash('input data', 'SHA-384')");
    eval("States.Hash('input data', 'SHA-512')");
  }

  @Test
  void hashFailsOnAnUnknownAlgorithm() {
    assertFails("States.Hash('x', 'sha-256')", "States.Hash", "unknown hash algorithm 'sha-256'");
    assertFails("States.Hash('x', 'SHA-224')", "unknown hash algorithm");
  }

  @Test
  void hashFailsOnNonStringDataAndTooLongData() {
    assertFails("States.Hash(1, 'MD5')", "argument 1 must be a string but was a number");
    assertFails("States.Hash('x', 5)", "argument 2 must be a string but was a number");
    assertFailsOn(
        "States.Hash($.s, 'MD5')", "{\"s\": \"" + "b".repeat(10_001) + "\"}", "at most 10000");
  }
}
